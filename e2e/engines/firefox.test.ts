import { describeSimpleRequestsInEngine } from './simple-requests-in-engine.ts';
import { describeWidgetInEngine } from './widget-in-engine.ts';

describeWidgetInEngine('firefox');
describeSimpleRequestsInEngine('firefox');
