/** Each alert step sent and its delivery to each channel: status, attempts, acknowledged at. */
import { useTranslation } from 'react-i18next';
import type { AlertStepView } from '../api/case-detail';
import { formatDateTime } from '../cases/durations';
import { formatLocale } from '../i18n/i18n';

/** `purged`: alerts were sent, and the retention purge has deleted them with the personal data. */
export function AlertDeliveries({ steps, purged = false }: { steps: AlertStepView[]; purged?: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = formatLocale(i18n.resolvedLanguage ?? 'fr');
  const area = (s: AlertStepView) =>
    s.areas.some((a) => a.kind === 'national') ? t('cases.tierNational') : s.radiusKm ? t('map.areaTip', { km: s.radiusKm }) : t('case.alerts.manyAreas', { count: s.areas.length });
  return (
    <section className="panel" aria-labelledby="alerts-title">
      <h2 id="alerts-title">{t('case.alerts.title')}</h2>
      {steps.length === 0 ? (
        <p className="empty">{t(purged ? 'case.alerts.purged' : 'case.alerts.none')}</p>
      ) : (
        <ol className="alert-steps">
          {steps.map((s) => (
            <li key={s.step} className="alert-step">
              <p className="alert-step__head">
                <strong>{t(`case.alerts.kind.${s.kind}`, { defaultValue: s.kind })}</strong>
                <span>{area(s)}</span>
                <time dateTime={s.sentAt}>{formatDateTime(s.sentAt, lng)}</time>
                {s.cancelledAt && <span className="badge badge--status-closed">{t('case.alerts.cancelled')}</span>}
              </p>
              <table className="deliveries">
                <caption className="visually-hidden">{t('case.alerts.deliveriesOf', { step: s.step })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('case.alerts.channel')}</th>
                    <th scope="col">{t('case.alerts.status')}</th>
                    <th scope="col">{t('case.alerts.attempts')}</th>
                    <th scope="col">{t('case.alerts.acknowledged')}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.deliveries.map((d) => (
                    <tr key={d.channel}>
                      <td dir="auto">{d.channel === 'feed' ? t('case.alerts.feed') : d.channel}</td>
                      <td>
                        <span className={`delivery delivery--${d.status}`}>{t(`case.alerts.delivery.${d.status}`)}</span>
                        {d.lastError && <span className="delivery__error" dir="ltr">{d.lastStatusCode ? `${d.lastStatusCode} ` : ''}{d.lastError}</span>}
                      </td>
                      <td>{d.attempts}</td>
                      <td>{d.acknowledgedAt ? formatDateTime(d.acknowledgedAt, lng) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
