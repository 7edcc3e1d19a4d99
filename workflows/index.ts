// The workflow bundle's entry point: every workflow type the worker registers.
export { caseWorkflow } from './case-workflow';
export { purgeSweepWorkflow } from './purge-sweep';
export { partnerErasureWorkflow } from './partner-erasure';
