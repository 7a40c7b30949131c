/**
 * How one SDK method maps onto the GenAI conventions: request attributes, optional body changes
 * (asking for stream usage), response and stream reading. Adapters read untrusted payloads:
 * they tolerate any shape and may throw, and their callers count a throw as an
 * instrumentation error without touching what the caller receives.
 */
import type { Attributes } from '@opentelemetry/api';
import type { HeaderFlavor } from '../http-attempt.js';
import type { LlmCallOutcome } from '../llm-call-outcome.js';

export type RequestBody = Record<string, unknown>;

export interface DescribedRequest {
  requestModel: string;
  stream: boolean;
  attributes: Attributes;
}

export interface InputContent {
  inputMessages?: unknown[];
  systemInstructions?: unknown[];
}

export interface StreamReader {
  /** Reads one item; returns true when it must be hidden (a chunk only we asked for). */
  read(item: unknown): boolean;
  outcome(): LlmCallOutcome;
}

export interface SdkOperation {
  operation: string;
  headerFlavor: HeaderFlavor;
  describeRequest(body: RequestBody): DescribedRequest;
  /** A body to send instead of the caller's, or undefined to send it unchanged. */
  prepareBody?(body: RequestBody): RequestBody | undefined;
  inputContent?(body: RequestBody): InputContent;
  readResponse(value: unknown, captureContent: boolean): LlmCallOutcome;
  createStreamReader(options: { captureContent: boolean; injectedUsage: boolean }): StreamReader;
}
