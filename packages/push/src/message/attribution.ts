/**
 * Attribution keys carried in every payload so the app's open handler can report an interact
 * event and route the user: short names because they are paid for in payload bytes.
 */
export interface AttributionKeys {
  /** proposition id */
  pid: string;
  /** offer id */
  oid: string;
  /** placement id */
  plc: string;
  /** message id */
  mid: string;
  /** deep link */
  dl?: string;
  /** signed tracking token */
  trk?: string;
}

export const ATTRIBUTION_KEY_NAMES: readonly string[] = ["pid", "oid", "plc", "mid", "dl", "trk"];
