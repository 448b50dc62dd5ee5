/**
 * How the till checks a payment with Omipay, read-only: the foreground plans (the one in use marked), the
 * background follow-up after a wait, and where it comes from — config.json's `gateway.pollSchedule`, read at
 * start-up — so the manager sees what the till does and where to change it.
 */
import type { PollPlanView, PollScheduleView } from '../../../../../preload/api';
import type { Translate } from '../../../i18n';
import { useT } from '../../../i18n/use-t';
import { useManager } from '../../../store/manager-context';

const seconds = (ms: number) => String(Math.round(ms / 100) / 10);

function planWords(t: Translate, plan: PollPlanView): string {
  const phases = plan.phases
    .map((p) => t('settings.poll.phase', { every: seconds(p.everyMs), until: seconds(p.untilMs) }))
    .join(t('settings.poll.then'));
  return t('settings.poll.plan', { max: plan.maxQueries, phases });
}

function PlanRow({ view, which }: { view: PollScheduleView; which: 'polling' | 'withNotifications' }) {
  const { t } = useT();
  const inUse = view.inUse === which;
  return (
    <li data-testid={`m-poll-${which}`} data-in-use={inUse ? 'true' : undefined}>
      <strong>{t(`settings.poll.${which}`)}</strong>
      {inUse ? t('settings.poll.inUse') : ''}
      {t('settings.poll.colon')}
      {planWords(t, view[which])}
    </li>
  );
}

export function PollScheduleCard() {
  const { t } = useT();
  const view = useManager((s) => s.settings.view?.pollSchedule);
  if (!view) return null;
  const b = view.background;
  return (
    <section className="m-card" aria-labelledby="m-poll-heading" data-testid="m-poll-schedule">
      <h3 id="m-poll-heading">{t('settings.poll.heading')}</h3>
      <ul>
        <PlanRow view={view} which="polling" />
        <PlanRow view={view} which="withNotifications" />
        <li data-testid="m-poll-background">
          <strong>{t('settings.poll.background')}</strong>
          {t('settings.poll.colon')}
          {t('settings.poll.backgroundPlan', {
            first: seconds(b.firstMs),
            every: seconds(b.everyMs),
            dense: String(Math.round(b.denseUntilMs / 60_000)),
            cap: String(Math.round(b.capMs / 60_000)),
          })}
        </li>
      </ul>
      <p className="hint" data-testid="m-poll-source">
        {t(view.fromConfig ? 'settings.poll.fromConfig' : 'settings.poll.defaults', {
          path: view.configPath,
        })}
      </p>
    </section>
  );
}
