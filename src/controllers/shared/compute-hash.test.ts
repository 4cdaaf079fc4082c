import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeHash, fnv32a, podTemplateHashInput, safeEncodeString } from './compute-hash.js';

const template = {
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [
      {
        name: 'c',
        image: 'nginx',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        resources: { limits: { cpu: '100m', memory: '128Mi' } },
      },
    ],
    securityContext: {},
  },
};

describe('pod-template-hash', () => {
  it('is FNV-1a 32 (the reference vectors)', () => {
    assert.equal(fnv32a(Buffer.from('')), 0x811c9dc5);
    assert.equal(fnv32a(Buffer.from('a')), 0xe40c292c);
    assert.equal(fnv32a(Buffer.from('foobar')), 0xbf9cf968);
  });

  it('safe-encodes each byte into the vowel-free alphabet', () => {
    // '0' is byte 48 → 48 % 27 = 21 → '4'; '9' is 57 → 3 → 'f'.
    assert.equal(safeEncodeString('09'), '4f');
  });

  it('renders the template as go-spew %#v of the Go struct', () => {
    const text = podTemplateHashInput(template);
    assert.ok(
      text.startsWith(
        '(v1.PodTemplateSpec){ObjectMeta:(v1.ObjectMeta){Name:(string) GenerateName:(string) Namespace:(string) ' +
          'SelfLink:(string) UID:(types.UID) ResourceVersion:(string) Generation:(int64)0 ' +
          'CreationTimestamp:(v1.Time){Time:(time.Time){wall:(uint64)0 ext:(int64)0 loc:(*time.Location)<nil>}} ' +
          'DeletionTimestamp:(*v1.Time)<nil> DeletionGracePeriodSeconds:(*int64)<nil> ' +
          'Labels:(map[string]string)map[app:web] Annotations:(map[string]string)<nil> ' +
          'OwnerReferences:([]v1.OwnerReference)<nil> Finalizers:([]string)<nil> ' +
          'ManagedFields:([]v1.ManagedFieldsEntry)<nil>} Spec:(v1.PodSpec){Volumes:([]v1.Volume)<nil> ',
      ),
      text.slice(0, 400),
    );
    // Slice elements and map values print without their type; pointers to empty structs are non-nil.
    assert.ok(
      text.includes(
        'Containers:([]v1.Container)[{Name:(string)c Image:(string)nginx Command:([]string)<nil>',
      ),
    );
    assert.ok(
      text.includes(
        'Ports:([]v1.ContainerPort)[{Name:(string) HostPort:(int32)0 ContainerPort:(int32)80 Protocol:(v1.Protocol)TCP HostIP:(string)}]',
      ),
    );
    assert.ok(
      text.includes(
        'Limits:(v1.ResourceList)map[cpu:{i:(resource.int64Amount){value:(int64)100 scale:(resource.Scale)-3} ' +
          'd:(resource.infDecAmount){Dec:(*inf.Dec)<nil>} s:(string)100m Format:(resource.Format)DecimalSI} ' +
          'memory:{i:(resource.int64Amount){value:(int64)134217728 scale:(resource.Scale)0} ' +
          'd:(resource.infDecAmount){Dec:(*inf.Dec)<nil>} s:(string) Format:(resource.Format)BinarySI}]',
      ),
    );
    assert.ok(
      text.includes('SecurityContext:(*v1.PodSecurityContext){SELinuxOptions:(*v1.SELinuxOptions)<nil>'),
    );
  });

  it('treats empty lists and maps as absent, as the protobuf-fed controller does', () => {
    const withEmpties = { ...template, metadata: { labels: { app: 'web' }, annotations: {} } };
    assert.equal(computeHash(withEmpties), computeHash(template));
  });

  it('changes with the template and with the collision count', () => {
    const h = computeHash(template);
    assert.match(h, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    assert.equal(computeHash(structuredClone(template)), h);
    const other = structuredClone(template);
    other.spec.containers[0]!.image = 'nginx:2';
    assert.notEqual(computeHash(other), h);
    assert.notEqual(computeHash(template, 1), h);
    assert.notEqual(computeHash(template, 1), computeHash(template, 2));
  });
});
