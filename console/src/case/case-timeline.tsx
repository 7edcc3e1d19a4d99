/** What happened to the case, oldest first, in words (the workflow's timeline). */
import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../api/case-detail';
import { formatDateTime } from '../cases/durations';
import { formatLocale } from '../i18n/i18n';

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
              {e.detail && <span className="timeline__detail">{e.detail}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
