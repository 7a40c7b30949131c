import { describe, expect, it } from 'vitest';
import { loadDefaultCatalog } from '../catalog/load-catalog.js';
import { resolveCatalog, type SimModel } from '../catalog/resolve-catalog.js';
import { createSeededRandom } from '../random/seeded-random.js';
import type { Conversation } from './conversation.js';
import { generateAnswer } from './generate-answer.js';

const catalog = resolveCatalog({ catalog: loadDefaultCatalog() });
const model = (name: string): SimModel => {
  const found = catalog.byName.get(name);
  if (!found) throw new Error(`no ${name}`);
  return found;
};

const tickets: {
  text: string;
  right: { intent: string; priority: string; needs_human: boolean };
}[] = [
  {
    text: 'I was charged twice this month, please refund me',
    right: { intent: 'billing', priority: 'high', needs_human: true },
  },
  {
    text: 'Please cancel my subscription, no rush',
    right: { intent: 'cancellation', priority: 'low', needs_human: true },
  },
  {
    text: 'The app shows an error when I upload photos',
    right: { intent: 'technical', priority: 'medium', needs_human: false },
  },
  {
    text: 'I forgot my password and I am locked out',
    right: { intent: 'account', priority: 'medium', needs_human: false },
  },
  {
    text: 'Where is my package? Tracking has not moved',
    right: { intent: 'shipping', priority: 'medium', needs_human: false },
  },
  {
    text: 'Just a question about your office hours',
    right: { intent: 'other', priority: 'low', needs_human: false },
  },
];

function conversation(system: string, user: string): Conversation {
  return {
    system,
    lastUserText: user,
    toolResult: null,
    tools: [],
    toolChoice: 'auto',
    outputFormat: { type: 'text' },
  };
}

function accuracy(options: { modelName: string; system: string; draws: number }): number {
  let right = 0;
  for (let draw = 0; draw < options.draws; draw++) {
    const ticket = tickets[draw % tickets.length]!;
    const text = generateAnswer({
      conversation: conversation(options.system, ticket.text),
      model: model(options.modelName),
      catalog,
      random: createSeededRandom([1, options.system, draw]),
    });
    if (
      text.kind === 'text' &&
      JSON.stringify(JSON.parse(text.text)) === JSON.stringify(ticket.right)
    )
      right++;
  }
  return right / options.draws;
}

describe('rule-based answers', () => {
  it('derives the triage JSON from the ticket keywords', () => {
    for (const ticket of tickets) {
      const answer = generateAnswer({
        conversation: conversation('You triage support tickets.', ticket.text),
        model: model('sim-instant'),
        catalog,
        random: createSeededRandom([0]),
      });
      expect(answer.kind === 'text' ? JSON.parse(answer.text) : null, ticket.text).toEqual(
        ticket.right,
      );
    }
  });

  it('answers a sentiment prompt with the sentiment rule, not the triage one', () => {
    const answer = (text: string) =>
      generateAnswer({
        conversation: conversation('Classify the sentiment of this review.', text),
        model: model('sim-instant'),
        catalog,
        random: createSeededRandom([0]),
      });
    expect(answer('I love this kettle, it is great')).toEqual({ kind: 'text', text: 'positive' });
    expect(answer('Worst purchase ever, it arrived broken')).toEqual({
      kind: 'text',
      text: 'negative',
    });
    expect(answer('It is a kettle')).toEqual({ kind: 'text', text: 'neutral' });
  });

  it('gives plausible wrong answers at the rate set by the accuracy knob', () => {
    const system = 'You triage support tickets.';
    expect(accuracy({ modelName: 'sim-instant', system, draws: 600 })).toBe(1);
    const budget = accuracy({ modelName: 'sim-budget', system, draws: 3000 });
    expect(budget).toBeGreaterThan(0.68);
    expect(budget).toBeLessThan(0.76);
    const wrong = generateAnswer({
      conversation: conversation(system, tickets[0]!.text),
      model: { ...model('sim-instant'), accuracy: 0 },
      catalog,
      random: createSeededRandom([2]),
    });
    const parsed = wrong.kind === 'text' ? (JSON.parse(wrong.text) as Record<string, unknown>) : {};
    const changed = Object.keys(tickets[0]!.right).filter(
      (key) => parsed[key] !== tickets[0]!.right[key as keyof (typeof tickets)[0]['right']],
    );
    expect(changed).toHaveLength(1);
    // Neighbouring values only: billing is confused with account or cancellation.
    if (changed[0] === 'intent') expect(['account', 'cancellation']).toContain(parsed.intent);
  });

  it('lets the system prompt wording move accuracy, as the demo regression needs', () => {
    const vague = accuracy({ modelName: 'sim-budget', system: 'Triage this.', draws: 3000 });
    const precise = accuracy({
      modelName: 'sim-budget',
      system:
        'Triage this. High priority means money or access is at risk. Escalate to a human agent on legal threats.',
      draws: 3000,
    });
    const chatty = accuracy({
      modelName: 'sim-budget',
      system: 'Triage this, be casual and chatty.',
      draws: 3000,
    });
    expect(precise - vague).toBeGreaterThan(0.06);
    expect(vague - chatty).toBeGreaterThan(0.1);
  });

  it('is deterministic for the same random parts, and the fallback respects the length draw', () => {
    const ask = (seed: number) =>
      generateAnswer({
        conversation: conversation('', 'Explain tides'),
        model: model('sim-balanced'),
        catalog,
        random: createSeededRandom([seed, 'Explain tides']),
      });
    expect(ask(1)).toEqual(ask(1));
    expect(ask(1)).not.toEqual(ask(2));
    const answer = ask(1);
    expect(answer.kind === 'text' ? answer.text : '').toContain(
      'sim-balanced (sextant llm-sim, not a real model)',
    );
  });
});
