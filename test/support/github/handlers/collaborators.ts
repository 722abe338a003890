/**
 * Default handlers for collaborators' permissions (`repos[...].collaborators`) and team memberships
 * (`state.teams`).
 *
 * @packageDocumentation
 */
import { accountId, simpleUser } from '../github-objects.js';
import type { StubHandler } from '../handler-types.js';
import { isResponse, requireRepo } from './common.js';

/** GitHub's legacy base permission of each role. */
const BASE_PERMISSION: Record<string, string> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
};

/**
 * `GET /repos/{owner}/{repo}/collaborators/{username}/permission`: the collaborator's role and base
 * permission; 404 for someone who is not a collaborator (GitHub's answer for a stranger).
 */
export const getCollaboratorPermission: StubHandler = (request, context) => {
  const found = requireRepo(request, context);
  if (isResponse(found)) return found;
  const username = request.params.username ?? '';
  const entry = Object.entries(found.repo.collaborators ?? {}).find(
    ([login]) => login.toLowerCase() === username.toLowerCase(),
  );
  if (!entry) return context.error(404, `${username} is not a user`);
  const [login, role] = entry;
  const permission = BASE_PERMISSION[role] ?? 'read';
  const user = simpleUser(context, login, accountId(login), 'User');
  return {
    status: 200,
    body: {
      ...context.example(200),
      permission,
      role_name: role,
      user: {
        ...user,
        role_name: role,
        permissions: {
          admin: permission === 'admin',
          maintain: role === 'maintain' || role === 'admin',
          push: permission === 'admin' || permission === 'write',
          triage: permission !== 'read' || role === 'triage',
          pull: true,
        },
      },
    },
  };
};

/** `GET /orgs/{org}/teams/{team_slug}/memberships/{username}`: active members are 200, others 404. */
export const getTeamMembership: StubHandler = (request, context) => {
  const { org = '', team_slug: slug = '', username = '' } = request.params;
  const members = context.state.teams[`${org}/${slug}`.toLowerCase()] ?? [];
  if (!members.some((member) => member.toLowerCase() === username.toLowerCase())) {
    // The spec documents this 404 without a body.
    return { status: 404 };
  }
  return {
    status: 200,
    body: {
      url: `${context.apiUrl}/teams/${accountId(`${org}/${slug}`)}/memberships/${username}`,
      role: 'member',
      state: 'active',
    },
  };
};
