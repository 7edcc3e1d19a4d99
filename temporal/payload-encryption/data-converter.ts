/** The data converter every client and worker of the service uses: encrypted payloads and failures. */
import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, type CodecOptions } from './codec';
import type { PayloadKeyRing } from '../../config/payload-keys';

/**
 * Also give it to `bundleWorkflowCode({ failureConverterPath })` when pre-building a workflow bundle:
 * failures raised inside workflow code are converted in the bundle.
 */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

export function encryptedDataConverter(keys: PayloadKeyRing, options: CodecOptions = {}): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(keys, options)], failureConverterPath: FAILURE_CONVERTER_PATH };
}
