import type { DemoSummary } from './seed.js';

/** What a person starting the demo needs to read: who to log in as, with what, and where. */
export function printDemo(demo: DemoSummary, url: string): void {
  const lines = [
    '',
    demo.created
      ? `Demo region created: ${demo.patients} patients, ${demo.written} resources, ${demo.appointments} appointments (${demo.seconds} s).`
      : `Demo region ready: ${demo.patients} patients${demo.written ? ` (${demo.written} resources added)` : ''}, ${demo.appointments} appointments booked now (${demo.seconds} s).`,
    '',
    `Demo password for every user below: ${demo.password}${demo.passwordGenerated ? '   (generated for this start; set MEDKARTA_DEMO_PASSWORD to choose one)' : ''}`,
    '',
    '  user name            role              who',
    ...demo.users.map((u) => `  ${u.username.padEnd(20)} ${u.role.padEnd(17)} ${u.display}, ${u.title}, ${u.organization}`),
    '',
    `Institution client (laboratory ${demo.client.organization}): client_id=${demo.client.clientId} client_secret=${demo.client.clientSecret}`,
    `  token: curl -s -d grant_type=client_credentials -d client_id=${demo.client.clientId} -d client_secret=<secret> ${url}/auth/token`,
    ...(demo.cabinet.length ? ['Patient cabinet logins (personal number, same password):', ...demo.cabinet.map((p) => `  ${p.personalNumber}  ${p.name}`)] : []),
    '',
    `Log in: curl -s -H 'content-type: application/json' -d '{"username":"doctor","password":"<password>"}' ${url}/auth/login`,
    '',
  ];
  console.log(lines.join('\n'));
}
