// Entry of the arquero bundle evaluated inside the QuickJS sandbox (see sandbox-entry-plot.js).
import * as aq from 'arquero';

globalThis.aq = aq;
globalThis.op = aq.op;
