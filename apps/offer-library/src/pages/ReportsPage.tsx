import { useEffect, useState, type FormEvent } from "react";
import type { Session } from "../api/session.js";
import { ErrorMessage } from "../components/ErrorMessage.js";
import { dailyTotals, percent } from "../reports/daily-series.js";
import { LineChart } from "../reports/LineChart.js";
import type { OfferReport } from "../reports/report-types.js";
import "../reports/reports.css";

interface Named {
  id: string;
  name: string;
}

const today = (): string => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number): string =>
  new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** Per-day decisions, displays, interacts, rates and fallback share, per offer and placement, as charts and tables. */
export function ReportsPage({ session }: { session: Session }) {
  const [from, setFrom] = useState(daysAgo(13));
  const [to, setTo] = useState(today());
  const [timeZone, setTimeZone] = useState("UTC");
  const [offerId, setOfferId] = useState("");
  const [placementId, setPlacementId] = useState("");
  const [offers, setOffers] = useState<Named[]>([]);
  const [placements, setPlacements] = useState<Named[]>([]);
  const [report, setReport] = useState<OfferReport | undefined>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    const load = (segment: string, set: (items: Named[]) => void) =>
      session.api.get<{ items: Named[] }>(`/v1/${segment}?orderBy=name&limit=500`).then(
        (page) => current && set(page.items),
        () => undefined,
      );
    void load("offers", setOffers);
    void load("placements", setPlacements);
    return () => {
      current = false;
    };
  }, [session]);

  const show = async (event?: FormEvent): Promise<void> => {
    event?.preventDefault();
    setBusy(true);
    setError(undefined);
    const query = new URLSearchParams({ from, to });
    if (timeZone.trim() !== "" && timeZone !== "UTC") query.set("tz", timeZone.trim());
    if (offerId !== "") query.set("offerId", offerId);
    if (placementId !== "") query.set("placementId", placementId);
    try {
      setReport(await session.api.get<OfferReport>(`/v1/reports/offers?${query.toString()}`));
    } catch (e) {
      setError(e);
      setReport(undefined);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    void show();
    // The first report loads once with the defaults; later ones when the form is submitted.
  }, []);

  const nameOf = (list: Named[], id: string | null): string =>
    id === null ? "all placements (cap)" : (list.find((x) => x.id === id)?.name ?? id);
  const totals = report === undefined ? undefined : dailyTotals(report);

  return (
    <section aria-labelledby="reports-title">
      <h1 id="reports-title">Reports</h1>
      <p className="hint">
        Per day: how often offers were chosen, shown and interacted with, and how often placements
        fell back. Days are cut in the chosen time zone (UTC by default). Cap rejections count
        candidates dropped because a cap was exhausted.
      </p>
      <form className="filters" onSubmit={(e) => void show(e)} aria-label="Report filters">
        <label>
          From
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
        </label>
        <label>
          To
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} required />
        </label>
        <label>
          Time zone
          <input
            type="text"
            value={timeZone}
            onChange={(e) => setTimeZone(e.target.value)}
            placeholder="UTC or e.g. Europe/Paris"
          />
        </label>
        <div className="field">
          <label htmlFor="report-offer">Offer</label>
          <select id="report-offer" value={offerId} onChange={(e) => setOfferId(e.target.value)}>
            <option value="">All offers</option>
            {offers.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} ({o.id})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="report-placement">Placement</label>
          <select
            id="report-placement"
            value={placementId}
            onChange={(e) => setPlacementId(e.target.value)}
          >
            <option value="">All placements</option>
            {placements.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.id})
              </option>
            ))}
          </select>
        </div>
        <div className="actions">
          <button type="submit" disabled={busy}>
            Show report
          </button>
        </div>
      </form>
      <ErrorMessage error={error} />
      {busy && <p role="status">Loading the report…</p>}
      {report && totals && (
        <>
          <section className="report-section" aria-labelledby="activity-title">
            <h2 id="activity-title">
              Activity per day, {report.from} to {report.to} ({report.timeZone})
            </h2>
            <LineChart
              title="Decisions, displays and interacts per day"
              description={`Daily counts from ${report.from} to ${report.to}; the same numbers are in the table below.`}
              days={totals.days}
              formatValue={(v) => String(Math.round(v * 100) / 100)}
              series={[
                { name: "Decisions", color: "#0b4fa6", values: totals.decisions },
                { name: "Displays", color: "#a45a00", values: totals.displays },
                { name: "Interacts", color: "#1d7a36", values: totals.interacts },
              ]}
            />
            <LineChart
              title="Interact rate and fallback share per day"
              description="Interacts divided by displays, and propositions that fell back divided by all propositions, per day."
              days={totals.days}
              formatValue={(v) => `${Math.round(v * 100)} %`}
              series={[
                { name: "Interact rate", color: "#1d7a36", values: totals.interactRate },
                { name: "Fallback share", color: "#9b1111", values: totals.fallbackShare },
              ]}
            />
            <table aria-label="Daily totals">
              <caption>Daily totals (data of the charts)</caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <NumericHeaders names={DAILY_COLUMNS} />
                </tr>
              </thead>
              <tbody>
                {totals.days.map((day, i) => (
                  <tr key={day}>
                    <th scope="row">{day}</th>
                    <td className="numeric">{totals.decisions[i]}</td>
                    <td className="numeric">{totals.fallbacks[i]}</td>
                    <td className="numeric">{totals.displays[i]}</td>
                    <td className="numeric">{totals.interacts[i]}</td>
                    <td className="numeric">{percent(totals.interactRate[i] ?? null)}</td>
                    <td className="numeric">{percent(totals.fallbackShare[i] ?? null)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="report-section" aria-labelledby="offers-title">
            <h2 id="offers-title">Per offer and placement</h2>
            {report.rows.length === 0 ? (
              <p>No decisions, events or cap rejections in this range.</p>
            ) : (
              <table aria-label="Per offer and placement">
                <caption>One row per day, offer and placement with any activity</caption>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col">Offer</th>
                    <th scope="col">Placement</th>
                    <NumericHeaders names={OFFER_COLUMNS} />
                  </tr>
                </thead>
                <tbody>
                  {report.rows.map((r) => (
                    <tr
                      key={`${r.day} ${r.offerId} ${r.placementId ?? ""}`}
                      data-testid={`row ${r.day} ${r.offerId} ${r.placementId ?? "*"}`}
                    >
                      <th scope="row">{r.day}</th>
                      <td>{nameOf(offers, r.offerId)}</td>
                      <td>{nameOf(placements, r.placementId)}</td>
                      <td className="numeric">{r.decisions}</td>
                      <td className="numeric">{r.fallbacks}</td>
                      <td className="numeric">{r.displays}</td>
                      <td className="numeric">{r.interacts}</td>
                      <td className="numeric">{percent(r.interactRate)}</td>
                      <td className="numeric">{r.capRejections ?? "–"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {report.placements.length > 0 && (
              <table aria-label="Fallback share per placement">
                <caption>Fallback share per day and placement</caption>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col">Placement</th>
                    <th scope="col" className="numeric">
                      Propositions
                    </th>
                    <th scope="col" className="numeric">
                      Fell back
                    </th>
                    <th scope="col" className="numeric">
                      Fallback share
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {report.placements.map((p) => (
                    <tr key={`${p.day} ${p.placementId}`}>
                      <th scope="row">{p.day}</th>
                      <td>{nameOf(placements, p.placementId)}</td>
                      <td className="numeric">{p.propositions}</td>
                      <td className="numeric">{p.fallbacks}</td>
                      <td className="numeric">{percent(p.fallbackShare)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </section>
  );
}

const DAILY_COLUMNS = [
  "Decisions",
  "Fallbacks",
  "Displays",
  "Interacts",
  "Interact rate",
  "Fallback share",
];
const OFFER_COLUMNS = [
  "Decisions",
  "Fallbacks",
  "Displays",
  "Interacts",
  "Interact rate",
  "Cap rejections",
];

/** Right-aligned column headers of the report tables. */
function NumericHeaders({ names }: { names: readonly string[] }) {
  return (
    <>
      {names.map((name) => (
        <th key={name} scope="col" className="numeric">
          {name}
        </th>
      ))}
    </>
  );
}
