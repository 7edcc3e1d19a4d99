/**
 * Tips from the public about this case, live (the change stream refetches them): counts received,
 * promoted and dismissed, then the tips newest first, those within 500 m and 30 minutes of each
 * other grouped (the API decides the groups). For the roles that may read personal data only.
 */
import { useTranslation } from 'react-i18next';
import { groupTips, type Tip, type TipList } from '../api/tips';
import { useNow } from '../cases/use-now';
import { TipItem } from './tip-item';

interface Props {
  caseId: string;
  list: TipList;
  canAct: boolean;
  alerting: boolean;
  onPlace: (tip: Tip) => void;
}

export function TipsPanel({ caseId, list, canAct, alerting, onPlace }: Props) {
  const { t } = useTranslation();
  const now = useNow();
  const item = (tip: Tip) => <TipItem key={tip.id} caseId={caseId} tip={tip} now={now} canAct={canAct} alerting={alerting} onPlace={onPlace} />;
  return (
    <section className="panel tips" aria-labelledby="tips-title">
      <h2 id="tips-title">{t('tips.title')}</h2>
      <p className="tips__counts">{t('tips.counts', { ...list.counts })}</p>
      {list.tips.length === 0 ? (
        <p className="field__hint">{t('tips.none')}</p>
      ) : (
        <ul className="tips__list">
          {groupTips(list.tips).map((group) =>
            group.length === 1 ? (
              item(group[0])
            ) : (
              <li key={group[0].group} className="tips__group">
                <p className="tips__group-title">{t('tips.group', { count: group.length })}</p>
                <ul className="tips__list">{group.map(item)}</ul>
              </li>
            ),
          )}
        </ul>
      )}
    </section>
  );
}
