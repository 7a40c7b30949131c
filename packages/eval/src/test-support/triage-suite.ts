/**
 * Writes a support-triage suite into a directory: a CSV of tickets whose right answers follow
 * the simulator's keyword rules, and a suite YAML with the given targets. Ticket texts repeat
 * with a number so any case count can be asked for.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';

const TICKETS = [
  {
    text: 'I was charged twice for my invoice, please refund immediately',
    intent: 'billing',
    priority: 'high',
    needsHuman: true,
  },
  {
    text: 'The app crashes when I open settings',
    intent: 'technical',
    priority: 'medium',
    needsHuman: false,
  },
  {
    text: 'Just wondering how to change my username',
    intent: 'account',
    priority: 'low',
    needsHuman: false,
  },
  {
    text: 'Where is my package? Tracking shows nothing',
    intent: 'shipping',
    priority: 'medium',
    needsHuman: false,
  },
  {
    text: 'Please cancel my subscription, I am furious',
    intent: 'cancellation',
    priority: 'medium',
    needsHuman: true,
  },
  {
    text: 'I have a suggestion for your website design',
    intent: 'other',
    priority: 'low',
    needsHuman: false,
  },
  {
    text: 'My account was hacked and I cannot access anything',
    intent: 'account',
    priority: 'high',
    needsHuman: true,
  },
  {
    text: 'The API returns a timeout error',
    intent: 'technical',
    priority: 'medium',
    needsHuman: false,
  },
];

export interface TriageTarget {
  id: string;
  model: string;
  price?: { inputPerMillion: number; outputPerMillion: number };
  maxRetries?: number;
  parameters?: Record<string, unknown>;
}

export async function writeTriageSuite(options: {
  directory: string;
  simUrl: string;
  cases: number;
  targets: readonly TriageTarget[];
  extra?: Record<string, unknown>;
}): Promise<string> {
  await mkdir(options.directory, { recursive: true });
  const rows = ['id,ticket,expected_intent,expected_priority,expected_needs_human'];
  for (let index = 0; index < options.cases; index += 1) {
    const ticket = TICKETS[index % TICKETS.length];
    if (ticket === undefined) throw new Error('unreachable');
    rows.push(
      `t${index},"${ticket.text} (ticket ${index})",${ticket.intent},${ticket.priority},${ticket.needsHuman}`,
    );
  }
  await writeFile(join(options.directory, 'tickets.csv'), `${rows.join('\n')}\n`);
  const suite = {
    name: 'triage',
    description: 'Support-ticket triage against simulated models',
    prompts: [
      {
        id: 'v1',
        system:
          'You triage support tickets. Classify intent, priority and whether a person must review; answer JSON.',
        messages: [{ role: 'user', content: '{{ticket}}' }],
      },
    ],
    dataset: 'tickets.csv',
    targets: options.targets.map((target) => ({
      id: target.id,
      provider: 'openai',
      model: target.model,
      baseURL: `${options.simUrl}/v1`,
      apiKeyEnv: 'SIM_API_KEY',
      ...(target.price === undefined ? {} : { price: target.price }),
      ...(target.maxRetries === undefined ? {} : { maxRetries: target.maxRetries }),
      ...(target.parameters === undefined ? {} : { parameters: target.parameters }),
    })),
    scorers: [
      { name: 'intent', type: 'json-path-equals', path: 'intent', value: '{{expected_intent}}' },
      {
        name: 'priority',
        type: 'json-path-equals',
        path: 'priority',
        value: '{{expected_priority}}',
      },
      {
        name: 'needs-human',
        type: 'json-path-equals',
        path: 'needs_human',
        value: '{{expected_needs_human}}',
      },
    ],
    concurrency: 8,
    timeoutMs: 10_000,
    ...options.extra,
  };
  const file = join(options.directory, 'suite.yaml');
  await writeFile(file, stringify(suite));
  return file;
}

export const SIM_ENVIRONMENT = { SIM_API_KEY: 'sk-sim-test-key-0123456789' };
