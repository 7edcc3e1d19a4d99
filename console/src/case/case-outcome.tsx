/**
 * How the case ended (found: when, where, the condition; closed: the reason), who said so, and what the
 * retention purge has erased: from the live state or, once ended, from the history the records keep.
 */
import { useTranslation } from 'react-i18next';
import type { CaseView } from '../api/case-detail';
import { formatDateTime } from '../cases/durations';
import { formatLocale } from '../i18n/i18n';

const coordinates = (p: { lat: number; lon: number }) => `${p.lat.toFixed(4)}, ${p.lon.toFixed(4)}`;

export function CaseOutcome({ view }: { view: CaseView }) {
  const { t, i18n } = useTranslation();
  const lng = formatLocale(i18n.resolvedLanguage ?? 'fr');
  const outcome = view.state?.outcome ?? view.history?.outcome ?? null;
  const purgedAt = view.record.personalDataPurgedAt;
  const sightings = view.history?.sightingsTotal ?? view.state?.sightingsTotal ?? view.state?.sightings.length;
  if (!outcome && !purgedAt) return null;
  return (
    <section className="panel outcome" aria-labelledby="outcome-title">
      <h2 id="outcome-title">{t('case.outcome.title')}</h2>
      {outcome && (
        <dl className="outcome__facts">
          <div>
            <dt>{t('case.outcome.what')}</dt>
            <dd>{t(`timeline.${outcome.kind}`)}</dd>
          </div>
          <div>
            <dt>{t('case.outcome.at')}</dt>
            <dd>{formatDateTime(outcome.at, lng)}</dd>
          </div>
          {outcome.kind === 'found' ? (
            <>
              <div>
                <dt>{t('actions.found.condition')}</dt>
                <dd>{outcome.condition ? t(`actions.found.conditions.${outcome.condition}`) : '—'}</dd>
              </div>
              <div>
                <dt>{t('case.outcome.place')}</dt>
                <dd>{outcome.location ? <bdi dir="ltr">{coordinates(outcome.location)}</bdi> : purgedAt ? t('case.outcome.placeErased') : t('case.outcome.placeNone')}</dd>
              </div>
            </>
          ) : (
            <div>
              <dt>{t('actions.close.reason')}</dt>
              <dd>{outcome.reason ? t(`actions.close.reasons.${outcome.reason}`) : '—'}</dd>
            </div>
          )}
          {outcome.by && (
            <div>
              <dt>{t('case.outcome.by')}</dt>
              <dd>
                {t(`roles.${outcome.by.role}`, { defaultValue: outcome.by.role })} · <bdi dir="ltr">{outcome.by.sub}</bdi>
              </dd>
            </div>
          )}
          {sightings !== undefined && (
            <div>
              <dt>{t('case.outcome.sightings')}</dt>
              <dd>{sightings}</dd>
            </div>
          )}
        </dl>
      )}
      {purgedAt && (
        <p className="notice" role="note">
          {t('case.outcome.purged', { date: formatDateTime(purgedAt, lng) })}
        </p>
      )}
    </section>
  );
}
