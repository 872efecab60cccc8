// Every recogniser the explainer runs after a command settles, in the order their explanations are pushed.
import type { Recogniser } from './recogniser';
import { deviceElsewhere } from './recognisers/device-elsewhere';
import { idMap } from './recognisers/id-map';
import { mountNotPropagated } from './recognisers/mount-not-propagated';
import { noPrivilege } from './recognisers/no-privilege';
import { nsenterGone } from './recognisers/nsenter-gone';
import { pidNoFork } from './recognisers/pid-no-fork';
import { staleProc } from './recognisers/stale-proc';

export const RECOGNISERS: readonly Recogniser[] = [pidNoFork, staleProc, idMap, noPrivilege, deviceElsewhere, nsenterGone, mountNotPropagated];
