// The eight Linux namespace types of namespaces(7), in the order lsns(8) prints them.
import { z } from 'zod';

export const NAMESPACE_TYPES = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts'] as const;
export const NamespaceType = z.enum(NAMESPACE_TYPES);
export type NamespaceType = z.infer<typeof NamespaceType>;
