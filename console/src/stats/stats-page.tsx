/**
 * Statistics (administrators): time to approval, to first alert and to found (median and 90th
 * percentile), outcomes and tiers reached, overall and by jurisdiction, from GET /stats. Every chart
 * is a list that reads as text, with its figures as a table under it; national staff may narrow to one
 * region (kept in the URL).
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { DURATIONS, OUTCOMES, TIP_COUNTS, useStats, type DurationName, type Durations, type DurationStats, type JurisdictionStats, type Stats, type TierCount } from '../api/stats';
import { useSignedIn } from '../auth/auth-context';
import { FullPageMessage } from '../common/full-page-message';
import { JurisdictionName, NATIONAL } from '../common/jurisdiction-name';
import { formatLocale } from '../i18n/i18n';
import { BarLegend, BarRows } from './bar-rows';
import { formatSeconds } from './format';
import { StatsTable } from './stats-table';
import '../styles/stats.css';

export default function StatsPage() {
  const { t } = useTranslation();
  const { principal } = useSignedIn();
  const [params, setParams] = useSearchParams();
  const national = principal.jurisdiction === NATIONAL;
  const chosen = national ? (params.get('jurisdiction') ?? '') : '';
  const stats = useStats(chosen || null);
  // The regions to choose from: the national answer's lines (the same query when none is chosen).
  const all = useStats(null, national);
  const regions = all.data?.cases.byJurisdiction.map((j) => j.jurisdiction) ?? [];
  return (
    <section className="stats" aria-labelledby="stats-title">
      <div className="stats__heading">
        <h1 id="stats-title">{t('stats.title')}</h1>
        <p className="stats__scope">
          <JurisdictionName code={stats.data?.jurisdiction ?? principal.jurisdiction} />
        </p>
      </div>
      <p className="stats__intro">{t('stats.intro')}</p>
      {national && (
        <div className="field field--inline">
          <label htmlFor="stats-jurisdiction">{t('stats.scope')}</label>
          <select id="stats-jurisdiction" value={chosen} onChange={(e) => setParams(e.target.value ? { jurisdiction: e.target.value } : {}, { replace: true })}>
            <option value="">{t('stats.allJurisdictions')}</option>
            {regions.map((code) => (
              <option key={code} value={code}>
                {t('jurisdiction.region', { code })}
              </option>
            ))}
          </select>
        </div>
      )}
      {stats.isPending ? (
        <FullPageMessage messageKey="stats.loading" />
      ) : stats.isError ? (
        <FullPageMessage tone="error" messageKey="stats.error" onRetry={() => void stats.refetch()} />
      ) : (
        <StatsBody stats={stats.data} />
      )}
    </section>
  );
}

function StatsBody({ stats }: { stats: Stats }) {
  const { t } = useTranslation();
  const { total, byOutcome } = stats.cases;
  const lines = stats.cases.byJurisdiction;
  if (total === 0) return <p className="empty">{t('stats.empty')}</p>;
  return (
    <>
      <dl className="facts stats__facts" aria-label={t('stats.keyFigures')}>
        <div>
          <dt>{t('stats.total')}</dt>
          <dd>{total}</dd>
        </div>
        {OUTCOMES.map((o) => (
          <div key={o}>
            <dt>{t(`stats.outcome.${o}`)}</dt>
            <dd>{byOutcome[o]}</dd>
          </div>
        ))}
        <div>
          <dt>{t('stats.nationalReached')}</dt>
          <dd>{stats.nationalReached}</dd>
        </div>
        {TIP_COUNTS.map((k) => (
          <div key={k}>
            <dt>{t(`stats.tips.${k}`)}</dt>
            <dd>{stats.tips[k]}</dd>
          </div>
        ))}
      </dl>
      <DurationsPanel durations={stats.durations} />
      {lines.length > 1 && <DurationsByJurisdiction lines={lines} />}
      <OutcomesPanel lines={lines} />
      <TiersPanel tiers={stats.tiersReached} national={stats.nationalReached} lines={lines} />
    </>
  );
}

function useDurationText() {
  const { t, i18n } = useTranslation();
  const lng = formatLocale(i18n.resolvedLanguage ?? 'fr');
  return (d: DurationStats) =>
    d.cases === 0 || d.medianSeconds === null
      ? t('stats.noCase')
      : t('stats.medianP90', { median: formatSeconds(d.medianSeconds, lng), p90: formatSeconds(d.p90Seconds ?? d.medianSeconds, lng), count: d.cases });
}

const durationSegments = (d: DurationStats) => [
  { key: 'p90', value: d.p90Seconds ?? 0, tone: 'p90' },
  { key: 'median', value: d.medianSeconds ?? 0, tone: 'median' },
];

function DurationLegend() {
  const { t } = useTranslation();
  return <BarLegend items={[{ tone: 'median', label: t('stats.median') }, { tone: 'p90', label: t('stats.p90') }]} />;
}

function DurationsPanel({ durations }: { durations: Durations }) {
  const { t, i18n } = useTranslation();
  const lng = formatLocale(i18n.resolvedLanguage ?? 'fr');
  const text = useDurationText();
  return (
    <section className="panel chart" aria-labelledby="stats-durations">
      <h2 id="stats-durations">{t('stats.durations')}</h2>
      <DurationLegend />
      <BarRows
        label={t('stats.durations')}
        mode="overlay"
        rows={DURATIONS.map((name) => ({ key: name, label: t(`stats.duration.${name}`), segments: durationSegments(durations[name]), text: text(durations[name]) }))}
      />
      <StatsTable
        caption={t('stats.durations')}
        head={[t('stats.measure'), t('stats.cases'), t('stats.median'), t('stats.p90')]}
        rows={DURATIONS.map((name) => [t(`stats.duration.${name}`), durations[name].cases, seconds(durations[name].medianSeconds, lng), seconds(durations[name].p90Seconds, lng)])}
      />
    </section>
  );
}

const seconds = (value: number | null, lng: string) => (value === null ? '—' : formatSeconds(value, lng));

function DurationsByJurisdiction({ lines }: { lines: JurisdictionStats[] }) {
  const { t, i18n } = useTranslation();
  const lng = formatLocale(i18n.resolvedLanguage ?? 'fr');
  const text = useDurationText();
  const [params, setParams] = useSearchParams();
  const measure: DurationName = (DURATIONS as readonly string[]).includes(params.get('measure') ?? '') ? (params.get('measure') as DurationName) : 'reportToApproval';
  const choose = (next: DurationName) => {
    const copy = new URLSearchParams(params);
    copy.set('measure', next);
    setParams(copy, { replace: true });
  };
  const title = t('stats.byJurisdiction', { measure: t(`stats.duration.${measure}`) });
  return (
    <section className="panel chart" aria-labelledby="stats-by-jurisdiction">
      <h2 id="stats-by-jurisdiction">{title}</h2>
      <div className="field field--inline">
        <label htmlFor="stats-measure">{t('stats.measure')}</label>
        <select id="stats-measure" value={measure} onChange={(e) => choose(e.target.value as DurationName)}>
          {DURATIONS.map((name) => (
            <option key={name} value={name}>
              {t(`stats.duration.${name}`)}
            </option>
          ))}
        </select>
      </div>
      <DurationLegend />
      <BarRows
        label={title}
        mode="overlay"
        rows={lines.map((l) => ({ key: l.jurisdiction, label: <JurisdictionName code={l.jurisdiction} />, segments: durationSegments(l.durations[measure]), text: text(l.durations[measure]) }))}
      />
      <StatsTable
        caption={t('stats.byJurisdictionTable')}
        head={[t('case.jurisdiction'), ...DURATIONS.flatMap((name) => [`${t(`stats.duration.${name}`)} · ${t('stats.median')}`, `${t(`stats.duration.${name}`)} · ${t('stats.p90')}`])]}
        rows={lines.map((l) => [
          t('jurisdiction.region', { code: l.jurisdiction }),
          ...DURATIONS.flatMap((name) => [seconds(l.durations[name].medianSeconds, lng), seconds(l.durations[name].p90Seconds, lng)]),
        ])}
      />
    </section>
  );
}

function OutcomesPanel({ lines }: { lines: JurisdictionStats[] }) {
  const { t } = useTranslation();
  return (
    <section className="panel chart" aria-labelledby="stats-outcomes">
      <h2 id="stats-outcomes">{t('stats.outcomes')}</h2>
      <BarLegend items={OUTCOMES.map((o) => ({ tone: o, label: t(`stats.outcome.${o}`) }))} />
      <BarRows
        label={t('stats.outcomes')}
        mode="stack"
        rows={lines.map((l) => ({
          key: l.jurisdiction,
          label: <JurisdictionName code={l.jurisdiction} />,
          segments: OUTCOMES.map((o) => ({ key: o, value: l.byOutcome[o], tone: o })),
          text: t('stats.outcomesText', { total: l.total, found: l.byOutcome.found, closed: l.byOutcome.closed, rejected: l.byOutcome.rejected, open: l.byOutcome.open }),
        }))}
      />
      <StatsTable
        caption={t('stats.outcomes')}
        head={[t('case.jurisdiction'), t('stats.total'), ...OUTCOMES.map((o) => t(`stats.outcome.${o}`))]}
        rows={lines.map((l) => [t('jurisdiction.region', { code: l.jurisdiction }), l.total, ...OUTCOMES.map((o) => l.byOutcome[o])])}
      />
    </section>
  );
}

function tierName(tier: number | null, t: TFunction) {
  return tier === null ? t('stats.noAlert') : t('cases.tier', { n: tier + 1 });
}

function TiersPanel({ tiers, national, lines }: { tiers: TierCount[]; national: number; lines: JurisdictionStats[] }) {
  const { t } = useTranslation();
  const columns = tiers.map((x) => x.tierIndex);
  const countOf = (list: TierCount[], tier: number | null) => list.find((x) => x.tierIndex === tier)?.cases ?? 0;
  return (
    <section className="panel chart" aria-labelledby="stats-tiers">
      <h2 id="stats-tiers">{t('stats.tiers')}</h2>
      <p className="chart__note">{t('stats.tiersNote')}</p>
      <BarRows
        label={t('stats.tiers')}
        mode="stack"
        rows={[
          ...tiers.map((x) => ({ key: String(x.tierIndex), label: tierName(x.tierIndex, t), segments: [{ key: 'n', value: x.cases, tone: x.tierIndex === null ? 'none' : 'tier' }], text: t('stats.casesCount', { count: x.cases }) })),
          { key: 'national', label: t('cases.tierNational'), segments: [{ key: 'n', value: national, tone: 'national' }], text: t('stats.casesCount', { count: national }) },
        ]}
      />
      <StatsTable
        caption={t('stats.tiersTable')}
        head={[t('case.jurisdiction'), ...columns.map((c) => tierName(c, t)), t('cases.tierNational')]}
        rows={lines.map((l) => [t('jurisdiction.region', { code: l.jurisdiction }), ...columns.map((c) => countOf(l.tiersReached, c)), l.nationalReached])}
      />
    </section>
  );
}
