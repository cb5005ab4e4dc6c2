import { describeSimpleRequestsInEngine } from './simple-requests-in-engine.ts';
import { describeWidgetInEngine } from './widget-in-engine.ts';

describeWidgetInEngine('webkit');
describeSimpleRequestsInEngine('webkit');
