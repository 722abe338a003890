/** What the HTTP routes call. Routes hold no logic: they parse, call one service method, present. */
import type { ApprovalService } from '../services/approval-service.js';
import type { AuditService } from '../services/audit.js';
import type { AuthService, Principal } from '../services/auth-service.js';
import type { DeploymentService } from '../services/deployment-service.js';
import type { ManualLockService } from '../services/manual-lock-service.js';
import type { ProjectService } from '../services/project-service.js';
import type { ReleaseService } from '../services/release-service.js';

export interface Services {
  readonly auth: AuthService;
  readonly projects: ProjectService;
  readonly releases: ReleaseService;
  readonly deployments: DeploymentService;
  readonly locks: ManualLockService;
  readonly approvals: ApprovalService;
  readonly audit: AuditService;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the `authenticate` hook on every authenticated route. */
    principal: Principal;
  }
}
