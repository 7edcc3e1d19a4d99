/** A chart's figures as a table, folded under it: the first column names the row. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function StatsTable({ caption, head, rows }: { caption: string; head: string[]; rows: Array<Array<ReactNode>> }) {
  const { t } = useTranslation();
  return (
    <details className="chart__table">
      <summary>{t('stats.showTable')}</summary>
      <div className="table-scroll">
        <table className="figures">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(([first, ...rest], i) => (
              <tr key={i}>
                <th scope="row">{first}</th>
                {rest.map((cell, j) => (
                  <td key={j}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
