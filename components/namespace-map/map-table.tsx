// MapTable: the namespace map as a plain table (PID, command, terminal, one column per type) for screen readers and as a view.
import { NAMESPACE_TYPES, type NamespaceType } from '../../core/namespaces';
import type { MapRow } from './map-model';
import { inodeTail, type NamespaceLabeler } from './namespace-colors';

type Props = {
  rows: MapRow[];
  labeler: NamespaceLabeler;
  terminalTitle: (name: string | null) => string;
  highlight: readonly NamespaceType[];
  /** Shown on screen (the Table view) or only to assistive technology. */
  visible: boolean;
};

export function MapTable({ rows, labeler, terminalTitle, highlight, visible }: Props) {
  const lit = (t: NamespaceType) => highlight.includes(t);
  const cell = visible ? 'border-b border-term-line px-1.5 py-1 text-left align-top' : '';
  return (
    <div className={visible ? 'px-2 py-3' : 'sr-only'}>
      <table data-testid="map-table" className={visible ? 'w-full border-collapse text-sm' : undefined}>
        <caption className={visible ? 'pb-2 text-left text-xs text-term-muted' : undefined}>
          The sandbox’s processes and their namespaces: #1 is the sandbox’s own, a higher number a new one.
          {highlight.length > 0 ? ` This step is about the ${highlight.join(' and ')} column.` : ''}
        </caption>
        <thead>
          <tr className={visible ? 'text-xs text-term-muted' : undefined}>
            <th scope="col" className={cell}>
              PID
            </th>
            <th scope="col" className={cell}>
              command
            </th>
            <th scope="col" className={cell}>
              terminal
            </th>
            {NAMESPACE_TYPES.map((t) => (
              <th key={t} scope="col" className={`${cell} font-mono ${visible && lit(t) ? 'bg-teal-400/20 text-teal-100' : ''}`}>
                {t}
                {lit(t) ? <span className="sr-only"> (this step)</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ process: p, terminal, marks }) => (
            <tr key={p.pid} className={visible ? 'text-term-text' : undefined}>
              <th scope="row" className={`${cell} font-mono font-normal tabular-nums`}>
                {p.pid}
              </th>
              <td className={`${cell} font-mono`} title={p.args}>
                {visible ? p.comm : p.args || p.comm}
              </td>
              <td className={cell}>
                {terminal ? terminalTitle(terminal) : '–'}
                {marks.map((m) => ` (${m.role === 'shell' ? 'shell' : 'running'})`).join('')}
              </td>
              {NAMESPACE_TYPES.map((t) => {
                const inode = p.ns[t];
                const look = inode === undefined ? null : labeler.look(t, inode);
                const full = look ? `${look.label}${look.baseline ? '' : ' new'}, inode ${inode}` : 'unknown';
                return (
                  <td key={t} className={`${cell} font-mono ${visible && lit(t) ? 'bg-teal-400/10' : ''}`}>
                    {visible && look && inode !== undefined ? (
                      // On screen the column names the type; assistive technology still gets the whole label.
                      <>
                        <span aria-hidden className={look.baseline ? 'text-term-muted' : 'font-bold text-teal-200'}>
                          {look.short}
                          {look.baseline ? '' : ' new'}
                          <span className="block text-xs font-normal whitespace-nowrap text-term-muted">{inodeTail(inode)}</span>
                        </span>
                        <span className="sr-only">{full}</span>
                      </>
                    ) : (
                      full
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
