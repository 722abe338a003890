/** The job summary: one Markdown table per report. */
import { candidateOf, type Report } from './report.js';

const TITLES = {
  deploy: 'deployment started',
  status: 'deployment status reported',
  post: "deployment closed from the job's outcome",
} as const;

/** The Markdown section a report appends to the job summary. */
export function renderSummary(report: Report, runUrl?: string): string {
  const rows: [string, string][] =
    report.kind === 'release'
      ? [
          ['Project', cell(report.candidate.project)],
          ['Release candidate', link(report.candidate.version, report.url)],
          ['Release', cell(report.candidate.release_version)],
          ['Repository', cell(report.candidate.repo)],
          ['Commit', code(report.candidate.commit)],
          ['Verified against GitHub', report.candidate.verified ? 'yes' : 'no'],
        ]
      : [
          ['Project', cell(report.deployment.project)],
          ['Environment', cell(report.deployment.environment)],
          ['Release candidate', cell(candidateOf(report.deployment))],
          ['Commit', code(report.deployment.commit)],
          ['Deployment', link(`#${report.deployment.id}`, report.url)],
          ['Status', code(report.deployment.status)],
        ];
  if (report.replayed) rows.push(['Note', 'already recorded by an earlier attempt: nothing was duplicated']);
  if (runUrl) rows.push(['Workflow run', link('this run', runUrl)]);
  const title = report.kind === 'release' ? 'release candidate cut' : TITLES[report.source];
  return [
    `### Shiplog: ${title}`,
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([key, value]) => `| ${key} | ${value} |`),
    // A blank line after the table, so the next step's section starts a new block.
    '',
    '',
  ].join('\n');
}

/** Escapes what would break a table cell or start Markdown/HTML. */
function cell(value: string): string {
  return value.replace(/[\\|<>[\]`*_]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

const code = (value: string) => `\`${value.replace(/[`|\r\n]/g, '')}\``;
const link = (text: string, url: string) =>
  `[${cell(text)}](${url.replace(/[()\s|]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`)})`;
