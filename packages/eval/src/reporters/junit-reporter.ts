import { collectCaseOutcomes } from '../compare/collect-case-outcomes.js';
import type { CaseOutcome, SideGroup } from '../compare/collect-case-outcomes.js';
import type { Reporter, ReporterInput } from './reporter.js';
import { xmlAttribute, xmlText } from './xml-text.js';

/**
 * JUnit XML for CI test tabs: one <testsuite> per prompt × target and one <testcase> per case
 * within it (repeats folded). A case fails when any non-error repeat failed (the message says how
 * many passed) and is an <error> when every repeat errored; the scorer reasons and error message
 * go in the body, the output of the lowest repeat in <system-out>. Time is in seconds, summed
 * over the case's repeats.
 */
export const junitReporter: Reporter = {
  name: 'junit',
  description: 'JUnit XML: one test per case × target, failures with the scorer reasons',
  extension: 'xml',
  async *render(input: ReporterInput) {
    const side = await collectCaseOutcomes(input.results());
    const groups = [...side.groups.values()]
      .flatMap((byPrompt) => [...byPrompt.values()])
      .sort((a, b) =>
        compareText(`${a.promptId}\u0000${a.targetId}`, `${b.promptId}\u0000${b.targetId}`),
      );
    let tests = 0;
    let failures = 0;
    let errors = 0;
    let seconds = 0;
    const suites: string[] = [];
    for (const group of groups) {
      const rendered = renderSuite(input, group);
      tests += rendered.tests;
      failures += rendered.failures;
      errors += rendered.errors;
      seconds += rendered.seconds;
      suites.push(rendered.xml);
    }
    yield '<?xml version="1.0" encoding="UTF-8"?>\n';
    yield `<testsuites name="${xmlAttribute(`sextant eval ${input.run.suite}`)}" tests="${tests}" failures="${failures}" errors="${errors}" time="${seconds.toFixed(3)}">\n`;
    for (const suite of suites) yield suite;
    yield '</testsuites>\n';
  },
};

interface RenderedSuite {
  xml: string;
  tests: number;
  failures: number;
  errors: number;
  seconds: number;
}

function renderSuite(input: ReporterInput, group: SideGroup): RenderedSuite {
  const caseIds = [...group.cases.keys()].sort(compareText);
  const parts: string[] = [];
  let failures = 0;
  let errors = 0;
  let seconds = 0;
  for (const caseId of caseIds) {
    const outcome = group.cases.get(caseId)!;
    const time = outcome.latencyMsSum / 1000;
    seconds += time;
    const body = verdictElement(outcome);
    if (body.kind === 'failure') failures += 1;
    if (body.kind === 'error') errors += 1;
    parts.push(
      `    <testcase name="${xmlAttribute(caseId)}" classname="${xmlAttribute(`${input.run.suite}.${group.promptId}.${group.targetId}`)}" time="${time.toFixed(3)}">\n${body.xml}      <system-out>${xmlText(outcome.output)}${outcome.outputTruncated ? xmlText('\n[output truncated]') : ''}</system-out>\n    </testcase>\n`,
    );
  }
  const name = `${input.run.suite} / ${group.promptId} / ${group.targetId}`;
  const properties = [
    ['runId', input.run.runId],
    ['promptId', group.promptId],
    ['targetId', group.targetId],
    ['model', group.model],
    ['gitSha', input.run.gitSha],
  ]
    .map(
      ([key, value]) =>
        `      <property name="${xmlAttribute(key!)}" value="${xmlAttribute(value!)}"/>\n`,
    )
    .join('');
  const xml = `  <testsuite name="${xmlAttribute(name)}" tests="${caseIds.length}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds.toFixed(3)}" timestamp="${new Date(input.run.startedAt).toISOString().slice(0, 19)}">\n    <properties>\n${properties}    </properties>\n${parts.join('')}  </testsuite>\n`;
  return { xml, tests: caseIds.length, failures, errors, seconds };
}

function verdictElement(outcome: CaseOutcome): { kind: 'pass' | 'failure' | 'error'; xml: string } {
  const reasons = xmlText(outcome.reasons.join('\n'));
  if (outcome.samples === 0) {
    const message = `every repeat errored (${outcome.errors} of ${outcome.errors})`;
    return {
      kind: 'error',
      xml: `      <error message="${xmlAttribute(message)}" type="call-error">${reasons}</error>\n`,
    };
  }
  if (outcome.passes === outcome.samples) return { kind: 'pass', xml: '' };
  const total = outcome.samples + outcome.errors;
  const message = `passed ${outcome.passes} of ${total} repeats${outcome.errors > 0 ? ` (${outcome.errors} errored)` : ''}`;
  return {
    kind: 'failure',
    xml: `      <failure message="${xmlAttribute(message)}" type="quality">${reasons}</failure>\n`,
  };
}

function compareText(first: string, second: string): number {
  return first < second ? -1 : first > second ? 1 : 0;
}
