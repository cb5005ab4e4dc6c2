import { describeWidgetInEngine } from './widget-in-engine.ts';

describeWidgetInEngine('webkit');
