import type { ConversationTurn } from './conversation-turn';
import { findPlaces, zoneOf } from './prompt-values';
import { LOCATION, schemaValue, ZONE } from './schema-value';
import type { ChatRequestBody } from './types';

/** A tool call the mock decided to make. */
export interface PlannedCall {
  name: string;
  arguments: unknown;
}

interface Tool {
  name: string;
  description: string;
  parameters: unknown;
}

/** Words that never select a tool on their own. */
const STOP_WORDS = new Set(
  (
    'get set fetch find lookup look up search list create update delete make do run call tool ' +
    'current the a an of for by to and or in on with info information data details retrieve ' +
    'check show read write function func is are what which that this from into about given ' +
    'returns return value values use using'
  ).split(' '),
);

const STAGE_BREAK =
  /(?<![\p{L}\p{N}])(?:then|затем|потом)(?![\p{L}\p{N}])|after that|после этого/giu;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Key words of a tool name: split at `_`, `-`, digits and camelCase, minus stop words. */
export function nameKeywords(name: string): string[] {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const kept = words.filter((word) => !STOP_WORDS.has(word));
  return kept.length > 0 ? kept : words;
}

function descriptionKeywords(description: string): string[] {
  return [
    ...new Set(
      description
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((word) => word.length >= 4 && !STOP_WORDS.has(word)),
    ),
  ];
}

/** Earliest position in `prompt` of `word` (or its plural) as a whole word, or -1. */
function wordAt(prompt: string, word: string): number {
  const match = new RegExp(
    `(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?:s|es)?(?![\\p{L}\\p{N}])`,
    'iu',
  ).exec(prompt);
  return match ? match.index : -1;
}

function firstMention(prompt: string, words: string[], name?: string): number {
  const positions = words.map((word) => wordAt(prompt, word));
  if (name) {
    positions.push(prompt.toLowerCase().indexOf(name.toLowerCase()));
    positions.push(wordAt(prompt, name.replace(/[_-]+/g, ' ')));
  }
  const found = positions.filter((position) => position >= 0);
  return found.length > 0 ? Math.min(...found) : -1;
}

interface Asked {
  tool: Tool;
  position: number;
  stage: number;
  segment: string;
}

/**
 * The tools the prompt asks for (README, "Tools"), in prompt order, with their stage (how many
 * `then` come before the mention) and their segment (the prompt from the previous mention's
 * segment end to the next mention).
 */
export function askedTools(prompt: string, tools: Tool[]): Asked[] {
  let hits = tools
    .map((tool) => ({ tool, position: firstMention(prompt, nameKeywords(tool.name), tool.name) }))
    .filter((hit) => hit.position >= 0);
  if (hits.length === 0) {
    hits = tools
      .map((tool) => ({
        tool,
        position: firstMention(prompt, descriptionKeywords(tool.description)),
      }))
      .filter((hit) => hit.position >= 0);
  }
  hits.sort((a, b) => a.position - b.position);
  const breaks = [...prompt.matchAll(STAGE_BREAK)].map((match) => match.index ?? 0);
  return hits.map((hit, i) => {
    const next = hits[i + 1];
    return {
      tool: hit.tool,
      position: hit.position,
      stage: breaks.filter((at) => at < hit.position).length,
      segment: prompt.slice(i === 0 ? 0 : hit.position, next ? next.position : prompt.length),
    };
  });
}

/** An asked-for call: a tool, and for a tool called once per place, that place. */
interface AskedCall {
  tool: Tool;
  stage: number;
  segment: string;
  place?: string;
}

/** True when the tool's parameters have a top-level location or time-zone property. */
function takesPlace(parameters: unknown): boolean {
  const properties = (parameters as { properties?: unknown } | null)?.properties;
  if (typeof properties !== 'object' || properties === null) return false;
  return Object.keys(properties).some((key) => LOCATION.test(key) || ZONE.test(key));
}

/**
 * One call per place (README, "Tools"): a tool with a location or time-zone property whose
 * segment names two or more distinct places is asked once per place, each with the segment
 * minus the other places' mentions. Other tools are asked once.
 */
function perPlace(entry: Asked): AskedCall[] {
  const places = takesPlace(entry.tool.parameters) ? findPlaces(entry.segment) : [];
  if (places.length < 2) return [entry];
  return places.map((mention) => {
    let segment = entry.segment;
    for (const other of [...places].reverse()) {
      if (other !== mention)
        segment = `${segment.slice(0, other.start)}${segment.slice(other.end)}`;
    }
    return { tool: entry.tool, stage: entry.stage, segment, place: mention.place };
  });
}

/** True when this turn already called the tool (for that place, when there is one). */
function alreadyCalled(entry: AskedCall, turn: ConversationTurn): boolean {
  if (entry.place === undefined) return turn.called.has(entry.tool.name);
  const zone = zoneOf(entry.place);
  const values = [JSON.stringify(entry.place), ...(zone === 'UTC' ? [] : [JSON.stringify(zone)])];
  return (turn.calledArguments.get(entry.tool.name) ?? []).some((args) =>
    values.some((value) => args.includes(value)),
  );
}

function readTools(body: ChatRequestBody): Tool[] {
  const tools = Array.isArray(body.tools) ? body.tools : [];
  return tools.map((tool) => {
    const fn = (tool as { function: { name: string; description?: unknown; parameters?: unknown } })
      .function;
    return {
      name: fn.name,
      description: typeof fn.description === 'string' ? fn.description : '',
      parameters: fn.parameters ?? { type: 'object', properties: {} },
    };
  });
}

/**
 * The tool calls of the next assistant message (README, "Tools"), or `[]` for a text answer:
 * - no `tools`, or `tool_choice: "none"` → none;
 * - `tool_choice: {type:"function", function:{name}}` → that tool, always;
 * - `"auto"` (default) → the asked-for tools not yet called in this turn (a location tool once
 *   per place its segment names), lowest stage first, all of that stage in parallel (only the
 *   first when `parallel_tool_calls: false`);
 * - `"required"` → as `"auto"`; when that calls nothing, one call of the first tool (asked-for
 *   tools in prompt order, then the others in `tools` order) not yet called in the conversation
 *   with the arguments it would get now; when every one was, the first asked-for tool, else the
 *   first tool.
 */
export function planToolCalls(body: ChatRequestBody, turn: ConversationTurn): PlannedCall[] {
  const tools = readTools(body);
  const choice = body.tool_choice ?? 'auto';
  if (tools.length === 0 || choice === 'none') return [];
  const asked = askedTools(turn.prompt, tools);
  const call = (tool: Tool, segment: string): PlannedCall => ({
    name: tool.name,
    arguments: schemaValue(tool.parameters, { segment, prompt: turn.prompt, results: turn.values }),
  });
  const segmentOf = (tool: Tool) =>
    asked.find((entry) => entry.tool.name === tool.name)?.segment ?? turn.prompt;
  if (typeof choice === 'object' && choice !== null) {
    const name = (choice as { function: { name: string } }).function.name;
    const tool = tools.find((entry) => entry.name === name) as Tool;
    return [call(tool, segmentOf(tool))];
  }
  const pending = asked.flatMap(perPlace).filter((entry) => !alreadyCalled(entry, turn));
  if (pending.length > 0) {
    const stage = Math.min(...pending.map((entry) => entry.stage));
    const ready = pending.filter((entry) => entry.stage === stage);
    const chosen = body.parallel_tool_calls === false ? ready.slice(0, 1) : ready;
    return chosen.map((entry) => call(entry.tool, entry.segment));
  }
  if (choice === 'required') {
    // A tool not yet called with the arguments it would get now: asked-for tools first (prompt
    // order), then the others (`tools` order). Calling an already-run tool again would loop an
    // agent whose forced final step is another tool (createAgent's structured-output tool).
    const previous = callsInConversation(body);
    const candidates = [
      ...asked.map((entry) => entry.tool),
      ...tools.filter((tool) => !asked.some((entry) => entry.tool.name === tool.name)),
    ];
    for (const tool of candidates) {
      const planned = call(tool, segmentOf(tool));
      const key = canonicalJson(planned.arguments);
      if (!previous.some((done) => done.name === tool.name && done.key === key)) return [planned];
    }
    const tool = asked[0]?.tool ?? (tools[0] as Tool);
    return [call(tool, segmentOf(tool))];
  }
  return [];
}

/** JSON with object keys sorted, so equal arguments compare equal whatever their key order. */
function canonicalJson(value: unknown): string {
  const sort = (item: unknown): unknown =>
    Array.isArray(item)
      ? item.map(sort)
      : typeof item === 'object' && item !== null
        ? Object.fromEntries(
            Object.keys(item)
              .sort()
              .map((key) => [key, sort((item as Record<string, unknown>)[key])]),
          )
        : item;
  return JSON.stringify(sort(value));
}

/** Every tool call of the assistant messages in the whole conversation, arguments canonical. */
function callsInConversation(body: ChatRequestBody): { name: string; key: string }[] {
  return body.messages.flatMap((message) =>
    message.role === 'assistant'
      ? (message.tool_calls ?? []).map((entry) => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(entry.function.arguments);
          } catch {
            // Not JSON: never equal to the mock's own (JSON) arguments.
            return { name: entry.function.name, key: `raw:${entry.function.arguments}` };
          }
          return { name: entry.function.name, key: canonicalJson(parsed) };
        })
      : [],
  );
}
