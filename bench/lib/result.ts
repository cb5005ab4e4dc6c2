/** What one benchmark hands to the report: its lines of the goal table and a section of detail. */
export interface BenchResult {
  rows: BenchRow[];
  /** Markdown: how it was measured, every figure, and what holds back any figure short of its goal. */
  details: string;
}

export interface BenchRow {
  what: string;
  goal: string;
  measured: string;
  /** Null where there is no goal to meet, or the figure could not be taken. */
  met: boolean | null;
}
