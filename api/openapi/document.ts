/**
 * The OpenAPI 3.1 document, generated from the route table and the zod schemas that validate requests:
 * the document cannot drift from what the API enforces.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, zodToOpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { ZodType } from 'zod';
import { approvalDecisionSchema, caseReportSchema, closeSchema, foundSchema, sightingSchema } from '../cases/schemas';
import { openApiPath, type ApiRoute } from '../routes';

/**
 * Names the request schemas as components, on the very instances the routes use (`.meta()` would
 * return copies), so the document refers to them by $ref. Once per process.
 */
function nameComponent(schema: ZodType, id: string): void {
  if (!zodToOpenAPIRegistry.has(schema)) zodToOpenAPIRegistry.add(schema, { _internal: { refId: id } });
}
nameComponent(caseReportSchema, 'CaseReport');
nameComponent(approvalDecisionSchema, 'ApprovalDecision');
nameComponent(sightingSchema, 'Sighting');
nameComponent(foundSchema, 'Found');
nameComponent(closeSchema, 'Close');

export type DocumentedRoute = Omit<ApiRoute, 'handler'>;

export function buildOpenApiDocument(routes: DocumentedRoute[], version: string) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Claims: `sub`, `role` (intake_officer | prosecutor | officer | admin), `jurisdiction` (region code or `*`).',
  });

  for (const route of routes) {
    const roles = route.roles === 'public' ? null : route.roles;
    const isPublic = roles === null;
    const rolesText = roles === null ? 'Public: no token.' : `Roles: ${roles.join(', ')}.`;
    registry.registerPath({
      ...route.doc,
      method: route.method,
      path: openApiPath(route.path),
      description: [rolesText, route.doc.description].filter(Boolean).join('\n\n'),
      security: isPublic ? [] : [{ bearerAuth: [] }],
      'x-roles': roles === null ? [] : [...roles],
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Missing-child alerts API',
      version,
      description: 'Intake, approval and follow-up of missing-child cases. Every error is application/problem+json (RFC 9457).',
    },
  });
}
