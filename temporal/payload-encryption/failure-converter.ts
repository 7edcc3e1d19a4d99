/**
 * Loaded by path (DataConverter.failureConverterPath) in the worker, the clients and inside the
 * workflow bundle: error messages and stack traces go into an encoded payload, which the codec then
 * encrypts, so a failure that quotes personal data never reaches Temporal in clear.
 * Workflow-safe: it imports only @temporalio/common.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
