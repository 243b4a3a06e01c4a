import * as fs from 'node:fs';
import { parseCgroupFile } from './parse';
import { placeProcess, podRefFromObject, PodRef } from './mapper';
import { ProcFs } from '../proc/procfs';
import { makeProcRoot, writeFakeProcess } from '../testing/proc-tree';
import { fakePod } from '../testing/fake-kube';

const UID = '8f2c1a3e-5b7d-4e21-9c3a-0d1e2f3a4b5c';
const UID_ = UID.replace(/-/g, '_');
const ID = 'a'.repeat(12) + '0123456789abcdef'.repeat(3) + 'b'.repeat(4);
const V1_CONTROLLERS = ['memory', 'cpu,cpuacct', 'pids', 'name=systemd'];

function v1(path: string): string {
  return `${V1_CONTROLLERS.map((c, i) => `${12 - i}:${c}:${path}`).join(
    '\n',
  )}\n0::/\n`;
}

/** The cgroup file contents each runtime/driver/version writes for one container. */
const FORMATS: Array<{
  name: string;
  text: string;
  runtime: string;
  qos: string;
}> = [
  {
    name: 'containerd, cgroup v2, systemd driver',
    text: `0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID_}.slice/cri-containerd-${ID}.scope\n`,
    runtime: 'containerd',
    qos: 'burstable',
  },
  {
    name: 'containerd, cgroup v1, cgroupfs driver',
    text: v1(`/kubepods/besteffort/pod${UID}/${ID}`),
    runtime: 'unknown',
    qos: 'besteffort',
  },
  {
    name: 'containerd, cgroup v1, systemd driver, guaranteed',
    text: v1(
      `/kubepods.slice/kubepods-pod${UID_}.slice/cri-containerd-${ID}.scope`,
    ),
    runtime: 'containerd',
    qos: 'guaranteed',
  },
  {
    name: 'CRI-O, cgroup v2, systemd driver',
    text: `0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${UID_}.slice/crio-${ID}.scope\n`,
    runtime: 'cri-o',
    qos: 'besteffort',
  },
  {
    name: 'CRI-O, cgroup v1, cgroupfs driver',
    text: v1(`/kubepods/burstable/pod${UID}/crio-${ID}`),
    runtime: 'cri-o',
    qos: 'burstable',
  },
  {
    name: 'Docker (cri-dockerd), cgroup v2, systemd driver',
    text: `0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID_}.slice/docker-${ID}.scope\n`,
    runtime: 'docker',
    qos: 'burstable',
  },
  {
    name: 'Docker (cri-dockerd), cgroup v1, cgroupfs driver',
    text: v1(`/kubepods/pod${UID}/${ID}`),
    runtime: 'unknown',
    qos: 'guaranteed',
  },
  {
    name: 'containerd, cgroup v2, seen from a private cgroup namespace',
    text: `0::/../../kubepods-besteffort-pod${UID_}.slice/cri-containerd-${ID}.scope\n`,
    runtime: 'containerd',
    qos: 'guaranteed',
  },
  {
    name: 'kind: kubelet inside a Docker container (nested)',
    text: `0::/system.slice/docker-${'f'.repeat(
      64,
    )}.scope/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod${UID_}.slice/cri-containerd-${ID}.scope\n`,
    runtime: 'containerd',
    qos: 'besteffort',
  },
];

describe('parseCgroupFile', () => {
  it.each(FORMATS)('$name', ({ text, runtime }) => {
    const info = parseCgroupFile(text);
    expect(info.podUid).toBe(UID);
    expect(info.containerId).toBe(ID);
    expect(info.runtime).toBe(runtime);
  });

  it('reads the QoS class and the cgroup version', () => {
    for (const f of FORMATS.slice(0, 7)) {
      const info = parseCgroupFile(f.text);
      expect(info.qosClass).toBe(f.qos);
      expect(info.cgroupVersion).toBe(f.text.startsWith('0::') ? 2 : 1);
    }
  });

  it('gives a container id but no pod for plain Docker', () => {
    const docker = parseCgroupFile(`0::/system.slice/docker-${ID}.scope\n`);
    expect(docker).toMatchObject({ containerId: ID, runtime: 'docker' });
    expect(docker.podUid).toBeUndefined();
    expect(parseCgroupFile(v1(`/docker/${ID}`))).toMatchObject({
      containerId: ID,
      runtime: 'docker',
    });
  });

  it('finds nothing for host processes, and ignores CRI-O conmon', () => {
    expect(
      parseCgroupFile('0::/user.slice/user-0.slice/session-1.scope\n'),
    ).toEqual({});
    expect(parseCgroupFile('0::/init.scope\n')).toEqual({});
    expect(parseCgroupFile('')).toEqual({});
    const conmon = parseCgroupFile(
      `0::/kubepods.slice/kubepods-pod${UID_}.slice/crio-conmon-${ID}.scope\n`,
    );
    expect(conmon.containerId).toBeUndefined();
    expect(conmon.podUid).toBe(UID);
  });

  it('is not fooled by ids of the wrong length', () => {
    expect(
      parseCgroupFile(`0::/kubepods/pod${UID}/${ID}0\n`).containerId,
    ).toBeUndefined();
    expect(
      parseCgroupFile(`0::/kubepods/pod${UID.slice(1)}/${ID}\n`).podUid,
    ).toBeUndefined();
  });
});

describe('placeProcess on prepared /proc trees', () => {
  let root: string;
  beforeAll(() => {
    root = makeProcRoot('cgroup-');
    FORMATS.forEach((f, i) =>
      writeFakeProcess(root, { pid: 100 + i, exe: '/bin/sh', cgroup: f.text }),
    );
    writeFakeProcess(root, {
      pid: 200,
      exe: '/bin/sh',
      cgroup: '0::/system.slice/sshd.service\n',
    });
    // The pod sandbox: same pod, a container id the pod status does not list.
    writeFakeProcess(root, {
      pid: 201,
      exe: '/pause',
      cgroup: `0::/kubepods.slice/kubepods-pod${UID_}.slice/cri-containerd-${'9'.repeat(
        64,
      )}.scope\n`,
    });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const pods = new Map<string, PodRef>([
    [
      UID,
      podRefFromObject(
        fakePod({
          uid: UID,
          namespace: 'shop',
          name: 'cart-7d9f',
          node: 'n1',
          containers: [{ name: 'cart', id: ID }],
        }),
      )!,
    ],
  ]);

  it('names namespace, pod and container for every format', () => {
    const proc = new ProcFs(root);
    FORMATS.forEach((_format, i) => {
      expect(placeProcess(proc, 100 + i, pods)).toMatchObject({
        podUid: UID,
        containerId: ID,
        namespace: 'shop',
        pod: 'cart-7d9f',
        container: 'cart',
        sandbox: false,
      });
    });
  });

  it('returns nothing for host processes and marks the sandbox', () => {
    const proc = new ProcFs(root);
    expect(placeProcess(proc, 200, pods)).toBeUndefined();
    expect(placeProcess(proc, 201, pods)).toMatchObject({
      podUid: UID,
      sandbox: true,
    });
    expect(placeProcess(proc, 999, pods)).toBeUndefined();
  });

  it('keeps the pod uid when the pod is not known yet', () => {
    const proc = new ProcFs(root);
    const p = placeProcess(proc, 100, new Map());
    expect(p).toMatchObject({ podUid: UID, containerId: ID });
    expect(p?.pod).toBeUndefined();
  });

  it('maps every container status kind and strips the runtime prefix', () => {
    const ref = podRefFromObject({
      metadata: { uid: 'u', namespace: 'ns', name: 'p' },
      status: {
        containerStatuses: [{ name: 'app', containerID: `cri-o://${ID}` }],
        initContainerStatuses: [
          { name: 'init', containerID: `containerd://${'1'.repeat(64)}` },
        ],
        ephemeralContainerStatuses: [
          { name: 'debug', containerID: `docker://${'2'.repeat(64)}` },
          { name: 'waiting' },
        ],
      },
    })!;
    expect([...ref.containers.entries()]).toEqual([
      [ID, 'app'],
      ['1'.repeat(64), 'init'],
      ['2'.repeat(64), 'debug'],
    ]);
    expect(podRefFromObject({ metadata: {} })).toBeUndefined();
  });
});
