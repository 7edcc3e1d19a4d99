/** A jurisdiction code as people say it: `*` is national coverage. */
import { useTranslation } from 'react-i18next';

export const NATIONAL = '*';

export function JurisdictionName({ code }: { code: string }) {
  const { t } = useTranslation();
  return <>{code === NATIONAL ? t('jurisdiction.national') : t('jurisdiction.region', { code })}</>;
}
