/** What happened to the case, oldest first, in words (the workflow's timeline). */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../api/case-detail';
import { formatDateTime } from '../cases/durations';
import { formatLocale } from '../i18n/i18n';

/** The workflow writes a few details in English ("round 2"); those the console knows it words itself. */
function detailText(event: string, detail: string, t: TFunction): string {
  if (event === 'found') return t(`actions.found.conditions.${detail}`, { defaultValue: detail });
  if (event === 'closed') return t(`actions.close.reasons.${detail}`, { defaultValue: detail });
  if (detail === 'national') return t('cases.tierNational');
  const round = /^round (\d+)$/.exec(detail);
  if (round) return t('approvals.round', { n: Number(round[1]) });
  const km = /^(\d+(?:\.\d+)?) km$/.exec(detail);
  return km ? t('map.areaTip', { km: Number(km[1]) }) : detail;
}

export function CaseTimeline({ entries }: { entries: TimelineEntry[] }) {
  const { t, i18n } = useTranslation();
  const lng = formatLocale(i18n.resolvedLanguage ?? 'fr');
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('case.timeline')}</h2>
      {entries.length === 0 ? (
        <p className="empty">{t('case.timelineEmpty')}</p>
      ) : (
        <ol className="timeline">
          {entries.map((e, i) => (
            <li key={`${e.at}-${i}`} className={`timeline__item timeline__item--${e.event}`}>
              <time dateTime={e.at}>{formatDateTime(e.at, lng)}</time>
              <span>{t(`timeline.${e.event}`, { defaultValue: e.event })}</span>
              {e.detail && (
                <span className="timeline__detail">
                  <bdi>{detailText(e.event, e.detail, t)}</bdi>
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
