/** GET /v1/reports/offers, as the decision server answers it. */
export interface OfferReportRow {
  day: string;
  offerId: string;
  /** null: cap rejections of a cap counted across placements. */
  placementId: string | null;
  decisions: number;
  fallbacks: number;
  displays: number;
  interacts: number;
  interactRate: number | null;
  capRejections: number | null;
}

export interface PlacementReportRow {
  day: string;
  placementId: string;
  propositions: number;
  fallbacks: number;
  fallbackShare: number | null;
}

export interface OfferReport {
  from: string;
  to: string;
  timeZone: string;
  rows: OfferReportRow[];
  placements: PlacementReportRow[];
}
