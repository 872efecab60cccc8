// useMachineStatus: what the lab machine is doing (a VM booting, an SSH link down), as the server pushes it; null when it never said.
'use client';

import { useEffect, useState } from 'react';
import { PUSH, type MachineStatus } from '../../core/protocol';
import type { LabSocket } from '../connection/use-lab-socket';

export function useMachineStatus(socket: LabSocket | null): MachineStatus | null {
  const [status, setStatus] = useState<MachineStatus | null>(null);
  useEffect(() => {
    if (!socket) return;
    socket.on(PUSH.machineStatus, setStatus);
    return () => {
      socket.off(PUSH.machineStatus, setStatus);
    };
  }, [socket]);
  return status;
}
