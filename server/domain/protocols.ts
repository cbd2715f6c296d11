/** The care protocols an episode follows; the order is the Prisma enum's (domain.test.ts checks it). */
export const PROTOCOL_IDS = ["GENERAL", "HF", "COPD", "AMI", "PNA", "THA_TKA", "DM"] as const;
export type ProtocolId = (typeof PROTOCOL_IDS)[number];

/** Short names for pickers and filters in the console. */
export const PROTOCOL_LABELS: Readonly<Record<ProtocolId, string>> = {
  GENERAL: "General",
  HF: "Heart failure",
  COPD: "COPD",
  AMI: "Heart attack (AMI)",
  PNA: "Pneumonia",
  THA_TKA: "Hip/knee replacement",
  DM: "Diabetes",
};

/** The title a published protocol carries (admin protocol viewer, language-model prompt). */
export const PROTOCOL_TITLES: Readonly<Record<ProtocolId, string>> = {
  ...PROTOCOL_LABELS,
  GENERAL: "General discharge",
};

export const PROTOCOL_OPTIONS = PROTOCOL_IDS.map((value) => ({ value, label: PROTOCOL_LABELS[value] }));
