// The spec the start form opens with: a short exploration on the virtual lab in real time,
// sped up so that an experiment takes seconds rather than minutes.
export const DEFAULT_CAMPAIGN_SPEC = {
  name: 'virtual-lab exploration',
  kind: 'exploration',
  initialDesign: { sampler: 'lhs', count: 4 },
  policy: 'mv',
  budget: 6,
  surrogate: { kind: 'enn', members: 8 },
  lab: { kind: 'virtual', clock: 'realtime', speedFactor: 20 },
} as const;

export const DEFAULT_CAMPAIGN_SPEC_TEXT = `${JSON.stringify(DEFAULT_CAMPAIGN_SPEC, null, 2)}\n`;
