/**
 * Approvals of deployments waiting `blocked`, and the audit trail. Pull-request comments (`/approve`,
 * `/reject`) decide through the same service; these routes let other tools and dialects do it too,
 * naming the GitHub user they act for.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ProjectRecordParams,
  ApprovalBody,
  Approvals,
  AuditEvent,
  ErrorBody,
  PageQuery,
  ProjectParams,
  RejectionBody,
} from '../../../shared/api/schemas.js';
import { presentApprovals, presentAuditEvent } from '../governance-presenters.js';
import { pageRequest, setPageHeaders } from '../pagination.js';
import type { Decision } from '../../services/approval-service.js';
import type { Principal } from '../../services/auth-service.js';
import type { Services } from '../services.js';
import { bodyErrorResponses, errorResponses, requireAuthentication } from './authenticate.js';

const tags = ['approvals'];
/** A decision also needs GitHub for teams and write access: its 503 is in `errorResponses`. */
const decisionErrors = { ...errorResponses, ...bodyErrorResponses, 403: ErrorBody, 409: ErrorBody };

/** Approve, reject and read approvals of deployments; read the audit trail. */
export const approvalRoutes: FastifyPluginAsync<{ services: Services }> = async (base, { services }) => {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  /** One decision through the API: the approve and reject routes differ only in what they pass. */
  const decide = async (
    principal: Principal,
    { project, id }: { project: string; id: number },
    decision: Pick<Decision, 'login' | 'decision' | 'comment'>,
  ) =>
    presentApprovals(
      await services.approvals.decideForDeployment(principal, project, id, { ...decision, source: 'api' }),
    );
  requireAuthentication(app, services);

  app.get(
    '/api/releases/:project/deployments/:id/approvals',
    {
      schema: {
        tags,
        summary: "Where a deployment's approvals stand",
        params: ProjectRecordParams,
        response: { 200: Approvals, ...errorResponses, 409: ErrorBody },
      },
    },
    async (request) =>
      presentApprovals(
        await services.approvals.viewForDeployment(
          request.principal,
          request.params.project,
          request.params.id,
        ),
      ),
  );

  app.post(
    '/api/releases/:project/deployments/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve a deployment waiting for approvals, on behalf of a GitHub user',
        description:
          "The user must qualify for one of the environment's rules (GitHub is asked about teams and write access) and must not be the deployer. When every rule is met the deployment starts. Approving twice changes nothing.",
        params: ProjectRecordParams,
        body: ApprovalBody,
        response: { 200: Approvals, ...decisionErrors },
      },
    },
    async (request) =>
      decide(request.principal, request.params, {
        login: request.body.user,
        decision: 'approved',
        comment: request.body.comment,
      }),
  );

  app.post(
    '/api/releases/:project/deployments/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject a deployment waiting for approvals: it is canceled with the reason',
        params: ProjectRecordParams,
        body: RejectionBody,
        response: { 200: Approvals, ...decisionErrors },
      },
    },
    async (request) =>
      decide(request.principal, request.params, {
        login: request.body.user,
        decision: 'rejected',
        comment: request.body.reason,
      }),
  );

  app.get(
    '/api/releases/:project/audit',
    {
      schema: {
        tags,
        summary: "The project's audit trail: approvals, rejections, locks and overrides, newest first",
        params: ProjectParams,
        querystring: PageQuery,
        response: { 200: Type.Array(AuditEvent), ...errorResponses },
      },
    },
    async (request, reply) => {
      const page = await services.audit.list(
        request.principal,
        request.params.project,
        pageRequest(request.query),
      );
      setPageHeaders(request, reply, page);
      return page.items.map(presentAuditEvent);
    },
  );
};
