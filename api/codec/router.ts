/**
 * The remote codec endpoint of the Temporal Web UI (Temporal's codec server protocol): POST
 * `/codec/decode` and `/codec/encode` take `{ "payloads": [...] }` (proto3 JSON: base64 metadata values
 * and data) and answer the same shape, with the payloads decrypted or encrypted by the service's keys.
 * The UI calls it from the browser (CORS, see cors.ts) with the user's token (`passAccessToken`: a
 * production UI signed in at the identity provider); `npm start`'s UI, which signs no one in, uses the
 * development path below instead.
 *
 * Decoding discloses everything a case holds and a payload cannot be tied to a jurisdiction before it
 * is decrypted: admins and prosecutors with national scope only, each call audited.
 */
import type { Payload } from '@temporalio/common';
import { JSONToPayload, payloadToJSON, type JSONPayload } from '@temporalio/common/lib/proto-utils';
import express, { type Request, type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import type { Config } from '../../config/env';
import type { Database } from '../../db/client';
import { AesGcmPayloadCodec, PayloadDecryptionError, UnknownEncryptionKeyError } from '../../temporal/payload-encryption/codec';
import { writeAudit } from '../audit';
import { forbidden, principalOf } from '../auth/middleware';
import { NATIONAL, PERSONAL_DATA_ROLES, type Principal } from '../auth/principal';
import { AUTH_ERRORS, json, jsonBody, problems } from '../openapi/responses';
import { HttpProblem, parseOr422, validationProblem } from '../problem';
import { noStore, type ApiRoute } from '../routes';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
const payloadSchema = z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() });
export const codecBodySchema = z.object({ payloads: z.array(payloadSchema).max(1000) });
const namespaceHeaderSchema = z.object({ 'x-namespace': z.string().optional().describe('the Temporal namespace of the payloads') });

type CodecDeps = { config: Pick<Config, 'TEMPORAL_NAMESPACE' | 'payloadKeys'>; db: Database };

/** Who the development path acts as: national, so that it decodes what the dev server's UI shows; audited as itself. */
export const DEV_CODEC_PRINCIPAL: Principal = { sub: 'dev-temporal-ui', role: 'admin', jurisdiction: NATIONAL };
export const DEV_CODEC_PATH = '/codec/dev';

function codecHandler({ config, db }: CodecDeps, direction: 'decode' | 'encode', principalFor: (req: Request) => Principal): RequestHandler {
  const codec = config.payloadKeys ? new AesGcmPayloadCodec(config.payloadKeys) : null;
  return async (req, res) => {
    const principal = principalFor(req);
    if (principal.jurisdiction !== NATIONAL) throw forbidden('the codec is for national staff: a payload cannot be tied to a jurisdiction before it is decrypted');
    const namespace = req.get('x-namespace') ?? config.TEMPORAL_NAMESPACE;
    if (namespace !== config.TEMPORAL_NAMESPACE) throw forbidden(`this codec serves the namespace ${config.TEMPORAL_NAMESPACE} only`);
    const body = parseOr422(codecBodySchema, req.body);
    if (!codec) throw new HttpProblem(503, 'Service Unavailable', 'no payload encryption key is configured');
    const payloads = body.payloads.map((p) => JSONToPayload(p as JSONPayload) as Payload);
    let result: Payload[];
    try {
      result = direction === 'decode' ? await codec.decode(payloads) : await codec.encode(payloads);
    } catch (err) {
      // Names the key id only: the UI shows the payload as still encrypted, never as garbage.
      if (err instanceof UnknownEncryptionKeyError || err instanceof PayloadDecryptionError) {
        throw validationProblem([{ field: 'payloads', reason: err.message }], 'a payload cannot be decrypted');
      }
      throw err;
    }
    await writeAudit(db, { actor: principal, action: `codec.${direction}`, caseId: null, outcome: 'accepted', detail: { namespace, payloads: payloads.length } });
    res.json({ payloads: result.map((p) => payloadToJSON(p)) });
  };
}

/**
 * The development path of `npm start`'s own Temporal Web UI, which has no sign-in and so no token to
 * pass: `POST /codec/dev/decode|encode` act as DEV_CODEC_PRINCIPAL. Mounted only where the development
 * sign-in is (the generated secret, NODE_ENV not production, no JWKS: api/app.ts); elsewhere 404.
 * CORS still admits the UI's origin only (cors.ts), so another page in the browser cannot read it.
 */
export function devCodecRouter(deps: CodecDeps): Router {
  const router = express.Router();
  for (const direction of ['decode', 'encode'] as const) {
    router.post(`${DEV_CODEC_PATH}/${direction}`, noStore, codecHandler(deps, direction, () => DEV_CODEC_PRINCIPAL));
  }
  return router;
}

export function codecRoutes(deps: CodecDeps): ApiRoute[] {
  const handler = (direction: 'decode' | 'encode') => codecHandler(deps, direction, principalOf);

  const doc = (direction: 'decode' | 'encode') => ({
    tags: ['codec'],
    summary: direction === 'decode' ? 'Decrypt payloads for the Temporal Web UI (remote codec protocol)' : 'Encrypt payloads for the Temporal Web UI (remote codec protocol)',
    description:
      'National staff of the roles that may read a report (intake officers, prosecutors, officers); an administrator, who may not read a report, may not decrypt its payloads either. ' +
      'Every call is audited. CORS admits the origins of CODEC_CORS_ORIGINS.',
    request: { headers: namespaceHeaderSchema, body: jsonBody(codecBodySchema) },
    responses: { '200': json(`the payloads, ${direction}d, in order`, codecBodySchema), ...problems(400, ...AUTH_ERRORS, 413, 422, 503) },
  });

  return (['decode', 'encode'] as const).map((direction) => ({
    method: 'post' as const,
    path: `/codec/${direction}`,
    // The state view's rule (api/cases/state-disclosure.ts): payloads carry sighting points and the found place.
    roles: PERSONAL_DATA_ROLES,
    handler: handler(direction),
    writeLimited: false,
    doc: doc(direction),
  }));
}
