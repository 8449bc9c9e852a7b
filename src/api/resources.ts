// The registry of our kinds: names, printer columns and schemas. Everything that needs to
// know "which kinds exist" (CRD generation, document parsing, kubectl columns) reads this.
import { z } from 'zod';
import { arkAgentSpec, arkAgentStatus } from './agent.js';
import { arkBudgetSpec, arkBudgetStatus } from './budget.js';
import { API_VERSION, objectMeta } from './common.js';
import { arkRunSpec, arkRunStatus } from './run.js';
import { arkServiceSpec, arkServiceStatus } from './service.js';
import { arkTeamSpec, arkTeamStatus } from './team.js';

export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
  priority?: number;
}

export interface KindInfo<Spec extends z.ZodType = z.ZodType, Status extends z.ZodType = z.ZodType> {
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  description: string;
  spec: Spec;
  status: Status;
  printerColumns: PrinterColumn[];
  /** The scale subresource, when `kubectl scale` applies. */
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
}

const age: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };
const ready = (jsonPath: string): PrinterColumn => ({ name: 'Ready', type: 'integer', jsonPath });

export const KINDS = {
  ArkAgent: {
    kind: 'ArkAgent', plural: 'arkagents', singular: 'arkagent', shortNames: ['aoagent'],
    description: 'A pool of identical agent pods: model, system prompt, tools and limits.',
    spec: arkAgentSpec, status: arkAgentStatus,
    printerColumns: [
      { name: 'Model', type: 'string', jsonPath: '.spec.model' },
      { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
      ready('.status.readyReplicas'),
      { name: 'Tokens(24h)', type: 'integer', jsonPath: '.status.dailyTokenUsage.total' },
      age,
    ],
    scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' },
  },
  ArkTeam: {
    kind: 'ArkTeam', plural: 'arkteams', singular: 'arkteam', shortNames: ['aoteam'],
    description: 'Agents wired together as a pipeline (DAG), by delegation, or both.',
    spec: arkTeamSpec, status: arkTeamStatus,
    printerColumns: [
      { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
      { name: 'Entry', type: 'string', jsonPath: '.spec.entry', priority: 1 },
      { name: 'Last Run', type: 'string', jsonPath: '.status.lastRunName' },
      age,
    ],
  },
  ArkRun: {
    kind: 'ArkRun', plural: 'arkruns', singular: 'arkrun', shortNames: ['aorun'],
    description: 'One immutable record of one execution of a team.',
    spec: arkRunSpec, status: arkRunStatus,
    printerColumns: [
      { name: 'Team', type: 'string', jsonPath: '.spec.teamRef.name' },
      { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
      { name: 'Tokens', type: 'integer', jsonPath: '.status.totalTokenUsage.total' },
      { name: 'Started', type: 'date', jsonPath: '.status.startTime' },
      age,
    ],
  },
  ArkService: {
    kind: 'ArkService', plural: 'arkservices', singular: 'arkservice', shortNames: ['aosvc'],
    description: 'Routes tasks to the ready pods of one ArkAgent.',
    spec: arkServiceSpec, status: arkServiceStatus,
    printerColumns: [
      { name: 'Agent', type: 'string', jsonPath: '.spec.selector.arkAgent' },
      { name: 'Strategy', type: 'string', jsonPath: '.spec.routing.strategy' },
      ready('.status.readyReplicas'),
      age,
    ],
  },
  ArkBudget: {
    kind: 'ArkBudget', plural: 'arkbudgets', singular: 'arkbudget', shortNames: ['aobudget'],
    description: 'A token budget for a namespace or for the teams and agents it selects.',
    spec: arkBudgetSpec, status: arkBudgetStatus,
    printerColumns: [
      { name: 'Period', type: 'string', jsonPath: '.spec.period' },
      { name: 'Max', type: 'integer', jsonPath: '.spec.maxTokens' },
      { name: 'Used', type: 'integer', jsonPath: '.status.used' },
      { name: 'Remaining', type: 'integer', jsonPath: '.status.remaining' },
      age,
    ],
  },
} satisfies Record<string, KindInfo>;

export type KindName = keyof typeof KINDS;
export const KIND_NAMES = Object.keys(KINDS) as KindName[];

export function isKindName(kind: unknown): kind is KindName {
  return typeof kind === 'string' && Object.hasOwn(KINDS, kind);
}

function buildDocumentSchema<K extends KindName>(kind: K) {
  const info = KINDS[kind];
  return z.strictObject({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal(kind),
    metadata: objectMeta,
    spec: info.spec as (typeof KINDS)[K]['spec'],
    status: (info.status as (typeof KINDS)[K]['status']).optional(),
  });
}

type DocumentSchema<K extends KindName> = ReturnType<typeof buildDocumentSchema<K>>;
const documentSchemas = new Map<KindName, DocumentSchema<KindName>>();

/**
 * The schema of a whole object of a kind, as `kubectl create -f` sends it. Built once per
 * kind: zod compiles a schema on first parse, so a fresh one per request is ~40x slower.
 */
export function documentSchema<K extends KindName>(kind: K): DocumentSchema<K> {
  let schema = documentSchemas.get(kind);
  if (!schema) documentSchemas.set(kind, (schema = buildDocumentSchema(kind)));
  return schema as DocumentSchema<K>;
}

export type ArkDocument<K extends KindName> = z.infer<DocumentSchema<K>>;

/**
 * ARKONIS kinds this version does not serve (triggers and the roadmap kinds). Files may
 * hold them beside teams; readers skip them with a warning instead of an error.
 */
export const UNSERVED_KINDS = ['ArkEvent', 'ArkNotify', 'ArkRegistry', 'ArkMemory', 'ArkSettings'] as const;

/** The older name of ArkTeam (`spec.steps[]`), read and converted with a deprecation warning. */
export const LEGACY_TEAM_KIND = 'ArkFlow';

export function isUnservedKind(kind: unknown): kind is (typeof UNSERVED_KINDS)[number] {
  return typeof kind === 'string' && (UNSERVED_KINDS as readonly string[]).includes(kind);
}
