// Field tables built from the published protobuf tags (generated.proto) and JSON names
// (types.go json tags) of upstream 1.32; format: ../schema.ts. Fields are in struct order, which
// is the order upstream's JSON prints them in.
import type { MessagePackage } from '../schema.js';

/** v1 (k8s.io/api/core/v1). */
export const coreV1: MessagePackage = {
  id: 'corev1',
  apiVersion: 'v1',
  kinds: [
    'Binding',
    'ConfigMap',
    'Endpoints',
    'Event',
    'LimitRange',
    'Namespace',
    'Node',
    'PersistentVolumeClaim',
    'PersistentVolume',
    'Pod',
    'PodTemplate',
    'ReplicationController',
    'ResourceQuota',
    'Secret',
    'ServiceAccount',
    'Service',
  ],
  messages: {
    Binding: '1:metadata:metav1.ObjectMeta 2:target:ObjectReference',
    ObjectReference: '1:kind 2:namespace 3:name 4:uid 5:apiVersion 6:resourceVersion 7:fieldPath',
    ConfigMap: '1:metadata:metav1.ObjectMeta 4:immutable:bool! 2:data{} 3:binaryData:bytes{}',
    Endpoints: '1:metadata:metav1.ObjectMeta 2:subsets:EndpointSubset[]',
    EndpointSubset:
      '1:addresses:EndpointAddress[] 2:notReadyAddresses:EndpointAddress[] 3:ports:EndpointPort[]',
    EndpointAddress: '1:ip! 3:hostname 4:nodeName! 2:targetRef:ObjectReference',
    EndpointPort: '1:name 2:port:int32! 3:protocol 4:appProtocol!',
    Event: `1:metadata:metav1.ObjectMeta 2:involvedObject:ObjectReference 3:reason 4:message
      5:source:EventSource 6:firstTimestamp:time 7:lastTimestamp:time 8:count:int32 9:type
      10:eventTime:microtime 11:series:EventSeries 12:action 13:related:ObjectReference
      14:reportingComponent! 15:reportingInstance!`,
    EventSource: '1:component 2:host',
    EventSeries: '1:count:int32 2:lastObservedTime:microtime',
    LimitRange: '1:metadata:metav1.ObjectMeta 2:spec:LimitRangeSpec',
    LimitRangeSpec: '1:limits:LimitRangeItem[]',
    LimitRangeItem: `1:type! 2:max:quantity{} 3:min:quantity{} 4:default:quantity{}
      5:defaultRequest:quantity{} 6:maxLimitRequestRatio:quantity{}`,
    Namespace: '1:metadata:metav1.ObjectMeta 2:spec:NamespaceSpec 3:status:NamespaceStatus',
    NamespaceSpec: '1:finalizers[]',
    NamespaceStatus: '1:phase 2:conditions:NamespaceCondition[]',
    NamespaceCondition: '1:type! 2:status! 4:lastTransitionTime:time 5:reason 6:message',
    Node: '1:metadata:metav1.ObjectMeta 2:spec:NodeSpec 3:status:NodeStatus',
    NodeSpec: `1:podCIDR 7:podCIDRs[] 3:providerID 4:unschedulable:bool 5:taints:Taint[]
      6:configSource:NodeConfigSource 2:externalID`,
    Taint: '1:key! 2:value 3:effect! 4:timeAdded:time',
    NodeConfigSource: '2:configMap:ConfigMapNodeConfigSource',
    ConfigMapNodeConfigSource: '1:namespace! 2:name! 3:uid 4:resourceVersion 5:kubeletConfigKey!',
    NodeStatus: `1:capacity:quantity{} 2:allocatable:quantity{} 3:phase 4:conditions:NodeCondition[]
      5:addresses:NodeAddress[] 6:daemonEndpoints:NodeDaemonEndpoints 7:nodeInfo:NodeSystemInfo
      8:images:ContainerImage[] 9:volumesInUse[] 10:volumesAttached:AttachedVolume[]
      11:config:NodeConfigStatus 12:runtimeHandlers:NodeRuntimeHandler[] 13:features:NodeFeatures`,
    NodeCondition: '1:type! 2:status! 3:lastHeartbeatTime:time 4:lastTransitionTime:time 5:reason 6:message',
    NodeAddress: '1:type! 2:address!',
    NodeDaemonEndpoints: '1:kubeletEndpoint:DaemonEndpoint',
    DaemonEndpoint: '1:Port:int32!',
    NodeSystemInfo: `1:machineID! 2:systemUUID! 3:bootID! 4:kernelVersion! 5:osImage!
      6:containerRuntimeVersion! 7:kubeletVersion! 8:kubeProxyVersion! 9:operatingSystem! 10:architecture!`,
    ContainerImage: '1:names[] 2:sizeBytes:int64',
    AttachedVolume: '1:name! 2:devicePath!',
    NodeConfigStatus:
      '1:assigned:NodeConfigSource 2:active:NodeConfigSource 3:lastKnownGood:NodeConfigSource 4:error',
    NodeRuntimeHandler: '1:name! 2:features:NodeRuntimeHandlerFeatures',
    NodeRuntimeHandlerFeatures: '1:recursiveReadOnlyMounts:bool! 2:userNamespaces:bool!',
    NodeFeatures: '1:supplementalGroupsPolicy:bool!',
    PersistentVolumeClaim:
      '1:metadata:metav1.ObjectMeta 2:spec:PersistentVolumeClaimSpec 3:status:PersistentVolumeClaimStatus',
    PersistentVolumeClaimSpec: `1:accessModes[] 4:selector:metav1.LabelSelector
      2:resources:VolumeResourceRequirements 3:volumeName 5:storageClassName! 6:volumeMode!
      7:dataSource:TypedLocalObjectReference 8:dataSourceRef:TypedObjectReference
      9:volumeAttributesClassName!`,
    VolumeResourceRequirements: '1:limits:quantity{} 2:requests:quantity{}',
    TypedLocalObjectReference: '1:apiGroup! 2:kind! 3:name!',
    TypedObjectReference: '1:apiGroup! 2:kind! 3:name! 4:namespace!',
    PersistentVolumeClaimStatus: `1:phase 2:accessModes[] 3:capacity:quantity{}
      4:conditions:PersistentVolumeClaimCondition[] 5:allocatedResources:quantity{}
      7:allocatedResourceStatuses{} 8:currentVolumeAttributesClassName!
      9:modifyVolumeStatus:ModifyVolumeStatus`,
    PersistentVolumeClaimCondition:
      '1:type! 2:status! 3:lastProbeTime:time 4:lastTransitionTime:time 5:reason 6:message',
    ModifyVolumeStatus: '1:targetVolumeAttributesClassName 2:status!',
    PersistentVolume:
      '1:metadata:metav1.ObjectMeta 2:spec:PersistentVolumeSpec 3:status:PersistentVolumeStatus',
    PersistentVolumeSpec: `1:capacity:quantity{} 2:persistentVolumeSource:PersistentVolumeSource^
      3:accessModes[] 4:claimRef:ObjectReference 5:persistentVolumeReclaimPolicy 6:storageClassName
      7:mountOptions[] 8:volumeMode! 9:nodeAffinity:VolumeNodeAffinity 10:volumeAttributesClassName!`,
    PersistentVolumeSource: `1:gcePersistentDisk:GCEPersistentDiskVolumeSource
      2:awsElasticBlockStore:AWSElasticBlockStoreVolumeSource 3:hostPath:HostPathVolumeSource
      4:glusterfs:GlusterfsPersistentVolumeSource 5:nfs:NFSVolumeSource 6:rbd:RBDPersistentVolumeSource
      7:iscsi:ISCSIPersistentVolumeSource 8:cinder:CinderPersistentVolumeSource
      9:cephfs:CephFSPersistentVolumeSource 10:fc:FCVolumeSource 11:flocker:FlockerVolumeSource
      12:flexVolume:FlexPersistentVolumeSource 13:azureFile:AzureFilePersistentVolumeSource
      14:vsphereVolume:VsphereVirtualDiskVolumeSource 15:quobyte:QuobyteVolumeSource
      16:azureDisk:AzureDiskVolumeSource 17:photonPersistentDisk:PhotonPersistentDiskVolumeSource
      18:portworxVolume:PortworxVolumeSource 19:scaleIO:ScaleIOPersistentVolumeSource
      20:local:LocalVolumeSource 21:storageos:StorageOSPersistentVolumeSource
      22:csi:CSIPersistentVolumeSource`,
    GCEPersistentDiskVolumeSource: '1:pdName! 2:fsType 3:partition:int32 4:readOnly:bool',
    AWSElasticBlockStoreVolumeSource: '1:volumeID! 2:fsType 3:partition:int32 4:readOnly:bool',
    HostPathVolumeSource: '1:path! 2:type!',
    GlusterfsPersistentVolumeSource: '1:endpoints! 2:path! 3:readOnly:bool 4:endpointsNamespace!',
    NFSVolumeSource: '1:server! 2:path! 3:readOnly:bool',
    RBDPersistentVolumeSource:
      '1:monitors[] 2:image! 3:fsType 4:pool 5:user 6:keyring 7:secretRef:SecretReference 8:readOnly:bool',
    SecretReference: '1:name 2:namespace',
    ISCSIPersistentVolumeSource: `1:targetPortal! 2:iqn! 3:lun:int32! 4:iscsiInterface 5:fsType
      6:readOnly:bool 7:portals[] 8:chapAuthDiscovery:bool 11:chapAuthSession:bool
      10:secretRef:SecretReference 12:initiatorName!`,
    CinderPersistentVolumeSource: '1:volumeID! 2:fsType 3:readOnly:bool 4:secretRef:SecretReference',
    CephFSPersistentVolumeSource:
      '1:monitors[] 2:path 3:user 4:secretFile 5:secretRef:SecretReference 6:readOnly:bool',
    FCVolumeSource: '1:targetWWNs[] 2:lun:int32! 3:fsType 4:readOnly:bool 5:wwids[]',
    FlockerVolumeSource: '1:datasetName 2:datasetUUID',
    FlexPersistentVolumeSource: '1:driver! 2:fsType 3:secretRef:SecretReference 4:readOnly:bool 5:options{}',
    AzureFilePersistentVolumeSource: '1:secretName! 2:shareName! 3:readOnly:bool 4:secretNamespace!',
    VsphereVirtualDiskVolumeSource: '1:volumePath! 2:fsType 3:storagePolicyName 4:storagePolicyID',
    QuobyteVolumeSource: '1:registry! 2:volume! 3:readOnly:bool 4:user 5:group 6:tenant',
    AzureDiskVolumeSource: '1:diskName! 2:diskURI! 3:cachingMode! 4:fsType! 5:readOnly:bool! 6:kind!',
    PhotonPersistentDiskVolumeSource: '1:pdID! 2:fsType',
    PortworxVolumeSource: '1:volumeID! 2:fsType 3:readOnly:bool',
    ScaleIOPersistentVolumeSource: `1:gateway! 2:system! 3:secretRef:SecretReference 4:sslEnabled:bool
      5:protectionDomain 6:storagePool 7:storageMode 8:volumeName 9:fsType 10:readOnly:bool`,
    LocalVolumeSource: '1:path! 2:fsType!',
    StorageOSPersistentVolumeSource:
      '1:volumeName 2:volumeNamespace 3:fsType 4:readOnly:bool 5:secretRef:ObjectReference',
    CSIPersistentVolumeSource: `1:driver! 2:volumeHandle! 3:readOnly:bool 4:fsType 5:volumeAttributes{}
      6:controllerPublishSecretRef:SecretReference 7:nodeStageSecretRef:SecretReference
      8:nodePublishSecretRef:SecretReference 9:controllerExpandSecretRef:SecretReference
      10:nodeExpandSecretRef:SecretReference`,
    VolumeNodeAffinity: '1:required:NodeSelector',
    NodeSelector: '1:nodeSelectorTerms:NodeSelectorTerm[]',
    NodeSelectorTerm: '1:matchExpressions:NodeSelectorRequirement[] 2:matchFields:NodeSelectorRequirement[]',
    NodeSelectorRequirement: '1:key! 2:operator! 3:values[]',
    PersistentVolumeStatus: '1:phase 2:message 3:reason 4:lastPhaseTransitionTime:time',
    Pod: '1:metadata:metav1.ObjectMeta 2:spec:PodSpec 3:status:PodStatus',
    PodSpec: `1:volumes:Volume[] 20:initContainers:Container[] 2:containers:Container[]
      34:ephemeralContainers:EphemeralContainer[] 3:restartPolicy 4:terminationGracePeriodSeconds:int64!
      5:activeDeadlineSeconds:int64! 6:dnsPolicy 7:nodeSelector{} 8:serviceAccountName 9:serviceAccount
      21:automountServiceAccountToken:bool! 10:nodeName 11:hostNetwork:bool 12:hostPID:bool
      13:hostIPC:bool 27:shareProcessNamespace:bool! 14:securityContext:PodSecurityContext
      15:imagePullSecrets:LocalObjectReference[] 16:hostname 17:subdomain 18:affinity:Affinity
      19:schedulerName 22:tolerations:Toleration[] 23:hostAliases:HostAlias[] 24:priorityClassName
      25:priority:int32! 26:dnsConfig:PodDNSConfig 28:readinessGates:PodReadinessGate[]
      29:runtimeClassName! 30:enableServiceLinks:bool! 31:preemptionPolicy! 32:overhead:quantity{}
      33:topologySpreadConstraints:TopologySpreadConstraint[] 35:setHostnameAsFQDN:bool! 36:os:PodOS
      37:hostUsers:bool! 38:schedulingGates:PodSchedulingGate[] 39:resourceClaims:PodResourceClaim[]
      40:resources:ResourceRequirements`,
    Volume: '1:name! 2:volumeSource:VolumeSource^',
    VolumeSource: `1:hostPath:HostPathVolumeSource 2:emptyDir:EmptyDirVolumeSource
      3:gcePersistentDisk:GCEPersistentDiskVolumeSource
      4:awsElasticBlockStore:AWSElasticBlockStoreVolumeSource 5:gitRepo:GitRepoVolumeSource
      6:secret:SecretVolumeSource 7:nfs:NFSVolumeSource 8:iscsi:ISCSIVolumeSource
      9:glusterfs:GlusterfsVolumeSource 10:persistentVolumeClaim:PersistentVolumeClaimVolumeSource
      11:rbd:RBDVolumeSource 12:flexVolume:FlexVolumeSource 13:cinder:CinderVolumeSource
      14:cephfs:CephFSVolumeSource 15:flocker:FlockerVolumeSource 16:downwardAPI:DownwardAPIVolumeSource
      17:fc:FCVolumeSource 18:azureFile:AzureFileVolumeSource 19:configMap:ConfigMapVolumeSource
      20:vsphereVolume:VsphereVirtualDiskVolumeSource 21:quobyte:QuobyteVolumeSource
      22:azureDisk:AzureDiskVolumeSource 23:photonPersistentDisk:PhotonPersistentDiskVolumeSource
      26:projected:ProjectedVolumeSource 24:portworxVolume:PortworxVolumeSource
      25:scaleIO:ScaleIOVolumeSource 27:storageos:StorageOSVolumeSource 28:csi:CSIVolumeSource
      29:ephemeral:EphemeralVolumeSource 30:image:ImageVolumeSource`,
    EmptyDirVolumeSource: '1:medium 2:sizeLimit:quantity',
    GitRepoVolumeSource: '1:repository! 2:revision 3:directory',
    SecretVolumeSource: '1:secretName 2:items:KeyToPath[] 3:defaultMode:int32! 4:optional:bool!',
    KeyToPath: '1:key! 2:path! 3:mode:int32!',
    ISCSIVolumeSource: `1:targetPortal! 2:iqn! 3:lun:int32! 4:iscsiInterface 5:fsType 6:readOnly:bool
      7:portals[] 8:chapAuthDiscovery:bool 11:chapAuthSession:bool 10:secretRef:LocalObjectReference
      12:initiatorName!`,
    LocalObjectReference: '1:name',
    GlusterfsVolumeSource: '1:endpoints! 2:path! 3:readOnly:bool',
    PersistentVolumeClaimVolumeSource: '1:claimName! 2:readOnly:bool',
    RBDVolumeSource: `1:monitors[] 2:image! 3:fsType 4:pool 5:user 6:keyring
      7:secretRef:LocalObjectReference 8:readOnly:bool`,
    FlexVolumeSource: '1:driver! 2:fsType 3:secretRef:LocalObjectReference 4:readOnly:bool 5:options{}',
    CinderVolumeSource: '1:volumeID! 2:fsType 3:readOnly:bool 4:secretRef:LocalObjectReference',
    CephFSVolumeSource:
      '1:monitors[] 2:path 3:user 4:secretFile 5:secretRef:LocalObjectReference 6:readOnly:bool',
    DownwardAPIVolumeSource: '1:items:DownwardAPIVolumeFile[] 2:defaultMode:int32!',
    DownwardAPIVolumeFile:
      '1:path! 2:fieldRef:ObjectFieldSelector 3:resourceFieldRef:ResourceFieldSelector 4:mode:int32!',
    ObjectFieldSelector: '1:apiVersion 2:fieldPath!',
    ResourceFieldSelector: '1:containerName 2:resource! 3:divisor:quantity',
    AzureFileVolumeSource: '1:secretName! 2:shareName! 3:readOnly:bool',
    ConfigMapVolumeSource: `1:localObjectReference:LocalObjectReference^ 2:items:KeyToPath[]
      3:defaultMode:int32! 4:optional:bool!`,
    ProjectedVolumeSource: '1:sources:VolumeProjection[] 2:defaultMode:int32!',
    VolumeProjection: `1:secret:SecretProjection 2:downwardAPI:DownwardAPIProjection
      3:configMap:ConfigMapProjection 4:serviceAccountToken:ServiceAccountTokenProjection
      5:clusterTrustBundle:ClusterTrustBundleProjection`,
    SecretProjection: '1:localObjectReference:LocalObjectReference^ 2:items:KeyToPath[] 4:optional:bool!',
    DownwardAPIProjection: '1:items:DownwardAPIVolumeFile[]',
    ConfigMapProjection: '1:localObjectReference:LocalObjectReference^ 2:items:KeyToPath[] 4:optional:bool!',
    ServiceAccountTokenProjection: '1:audience 2:expirationSeconds:int64! 3:path!',
    ClusterTrustBundleProjection:
      '1:name! 2:signerName! 3:labelSelector:metav1.LabelSelector 5:optional:bool! 4:path!',
    ScaleIOVolumeSource: `1:gateway! 2:system! 3:secretRef:LocalObjectReference 4:sslEnabled:bool
      5:protectionDomain 6:storagePool 7:storageMode 8:volumeName 9:fsType 10:readOnly:bool`,
    StorageOSVolumeSource:
      '1:volumeName 2:volumeNamespace 3:fsType 4:readOnly:bool 5:secretRef:LocalObjectReference',
    CSIVolumeSource: `1:driver! 2:readOnly:bool! 3:fsType! 4:volumeAttributes{}
      5:nodePublishSecretRef:LocalObjectReference`,
    EphemeralVolumeSource: '1:volumeClaimTemplate:PersistentVolumeClaimTemplate',
    PersistentVolumeClaimTemplate: '1:metadata:metav1.ObjectMeta 2:spec:PersistentVolumeClaimSpec',
    ImageVolumeSource: '1:reference 2:pullPolicy',
    Container: `1:name! 2:image 3:command[] 4:args[] 5:workingDir 6:ports:ContainerPort[]
      19:envFrom:EnvFromSource[] 7:env:EnvVar[] 8:resources:ResourceRequirements
      23:resizePolicy:ContainerResizePolicy[] 24:restartPolicy! 9:volumeMounts:VolumeMount[]
      21:volumeDevices:VolumeDevice[] 10:livenessProbe:Probe 11:readinessProbe:Probe 22:startupProbe:Probe
      12:lifecycle:Lifecycle 13:terminationMessagePath 20:terminationMessagePolicy 14:imagePullPolicy
      15:securityContext:SecurityContext 16:stdin:bool 17:stdinOnce:bool 18:tty:bool`,
    ContainerPort: '1:name 2:hostPort:int32 3:containerPort:int32! 4:protocol 5:hostIP',
    EnvFromSource: '1:prefix 2:configMapRef:ConfigMapEnvSource 3:secretRef:SecretEnvSource',
    ConfigMapEnvSource: '1:localObjectReference:LocalObjectReference^ 2:optional:bool!',
    SecretEnvSource: '1:localObjectReference:LocalObjectReference^ 2:optional:bool!',
    EnvVar: '1:name! 2:value 3:valueFrom:EnvVarSource',
    EnvVarSource: `1:fieldRef:ObjectFieldSelector 2:resourceFieldRef:ResourceFieldSelector
      3:configMapKeyRef:ConfigMapKeySelector 4:secretKeyRef:SecretKeySelector`,
    ConfigMapKeySelector: '1:localObjectReference:LocalObjectReference^ 2:key! 3:optional:bool!',
    SecretKeySelector: '1:localObjectReference:LocalObjectReference^ 2:key! 3:optional:bool!',
    ResourceRequirements: '1:limits:quantity{} 2:requests:quantity{} 3:claims:ResourceClaim[]',
    ResourceClaim: '1:name! 2:request',
    ContainerResizePolicy: '1:resourceName! 2:restartPolicy!',
    VolumeMount: `1:name! 2:readOnly:bool 7:recursiveReadOnly! 3:mountPath! 4:subPath 5:mountPropagation!
      6:subPathExpr`,
    VolumeDevice: '1:name! 2:devicePath!',
    Probe: `1:handler:ProbeHandler^ 2:initialDelaySeconds:int32 3:timeoutSeconds:int32
      4:periodSeconds:int32 5:successThreshold:int32 6:failureThreshold:int32
      7:terminationGracePeriodSeconds:int64!`,
    ProbeHandler: '1:exec:ExecAction 2:httpGet:HTTPGetAction 3:tcpSocket:TCPSocketAction 4:grpc:GRPCAction',
    ExecAction: '1:command[]',
    HTTPGetAction: '1:path 2:port:intstr 3:host 4:scheme 5:httpHeaders:HTTPHeader[]',
    HTTPHeader: '1:name! 2:value!',
    TCPSocketAction: '1:port:intstr 2:host',
    GRPCAction: '1:port:int32! 2:service!',
    Lifecycle: '1:postStart:LifecycleHandler 2:preStop:LifecycleHandler',
    LifecycleHandler:
      '1:exec:ExecAction 2:httpGet:HTTPGetAction 3:tcpSocket:TCPSocketAction 4:sleep:SleepAction',
    SleepAction: '1:seconds:int64!',
    SecurityContext: `1:capabilities:Capabilities 2:privileged:bool! 3:seLinuxOptions:SELinuxOptions
      10:windowsOptions:WindowsSecurityContextOptions 4:runAsUser:int64! 8:runAsGroup:int64!
      5:runAsNonRoot:bool! 6:readOnlyRootFilesystem:bool! 7:allowPrivilegeEscalation:bool! 9:procMount!
      11:seccompProfile:SeccompProfile 12:appArmorProfile:AppArmorProfile`,
    Capabilities: '1:add[] 2:drop[]',
    SELinuxOptions: '1:user 2:role 3:type 4:level',
    WindowsSecurityContextOptions:
      '1:gmsaCredentialSpecName! 2:gmsaCredentialSpec! 3:runAsUserName! 4:hostProcess:bool!',
    SeccompProfile: '1:type! 2:localhostProfile!',
    AppArmorProfile: '1:type! 2:localhostProfile!',
    EphemeralContainer: '1:ephemeralContainerCommon:EphemeralContainerCommon^ 2:targetContainerName',
    EphemeralContainerCommon: `1:name! 2:image 3:command[] 4:args[] 5:workingDir 6:ports:ContainerPort[]
      19:envFrom:EnvFromSource[] 7:env:EnvVar[] 8:resources:ResourceRequirements
      23:resizePolicy:ContainerResizePolicy[] 24:restartPolicy! 9:volumeMounts:VolumeMount[]
      21:volumeDevices:VolumeDevice[] 10:livenessProbe:Probe 11:readinessProbe:Probe 22:startupProbe:Probe
      12:lifecycle:Lifecycle 13:terminationMessagePath 20:terminationMessagePolicy 14:imagePullPolicy
      15:securityContext:SecurityContext 16:stdin:bool 17:stdinOnce:bool 18:tty:bool`,
    PodSecurityContext: `1:seLinuxOptions:SELinuxOptions 8:windowsOptions:WindowsSecurityContextOptions
      2:runAsUser:int64! 6:runAsGroup:int64! 3:runAsNonRoot:bool! 4:supplementalGroups:int64[]
      12:supplementalGroupsPolicy! 5:fsGroup:int64! 7:sysctls:Sysctl[] 9:fsGroupChangePolicy!
      10:seccompProfile:SeccompProfile 11:appArmorProfile:AppArmorProfile 13:seLinuxChangePolicy!`,
    Sysctl: '1:name! 2:value!',
    Affinity: '1:nodeAffinity:NodeAffinity 2:podAffinity:PodAffinity 3:podAntiAffinity:PodAntiAffinity',
    NodeAffinity: `1:requiredDuringSchedulingIgnoredDuringExecution:NodeSelector
      2:preferredDuringSchedulingIgnoredDuringExecution:PreferredSchedulingTerm[]`,
    PreferredSchedulingTerm: '1:weight:int32! 2:preference:NodeSelectorTerm',
    PodAffinity: `1:requiredDuringSchedulingIgnoredDuringExecution:PodAffinityTerm[]
      2:preferredDuringSchedulingIgnoredDuringExecution:WeightedPodAffinityTerm[]`,
    PodAffinityTerm: `1:labelSelector:metav1.LabelSelector 2:namespaces[] 3:topologyKey!
      4:namespaceSelector:metav1.LabelSelector 5:matchLabelKeys[] 6:mismatchLabelKeys[]`,
    WeightedPodAffinityTerm: '1:weight:int32! 2:podAffinityTerm:PodAffinityTerm',
    PodAntiAffinity: `1:requiredDuringSchedulingIgnoredDuringExecution:PodAffinityTerm[]
      2:preferredDuringSchedulingIgnoredDuringExecution:WeightedPodAffinityTerm[]`,
    Toleration: '1:key 2:operator 3:value 4:effect 5:tolerationSeconds:int64!',
    HostAlias: '1:ip! 2:hostnames[]',
    PodDNSConfig: '1:nameservers[] 2:searches[] 3:options:PodDNSConfigOption[]',
    PodDNSConfigOption: '1:name 2:value!',
    PodReadinessGate: '1:conditionType!',
    TopologySpreadConstraint: `1:maxSkew:int32! 2:topologyKey! 3:whenUnsatisfiable!
      4:labelSelector:metav1.LabelSelector 5:minDomains:int32! 6:nodeAffinityPolicy! 7:nodeTaintsPolicy!
      8:matchLabelKeys[]`,
    PodOS: '1:name!',
    PodSchedulingGate: '1:name!',
    PodResourceClaim: '1:name! 3:resourceClaimName! 4:resourceClaimTemplateName!',
    PodStatus: `1:phase 2:conditions:PodCondition[] 3:message 4:reason 11:nominatedNodeName 5:hostIP
      16:hostIPs:HostIP[] 6:podIP 12:podIPs:PodIP[] 7:startTime:time
      10:initContainerStatuses:ContainerStatus[] 8:containerStatuses:ContainerStatus[] 9:qosClass
      13:ephemeralContainerStatuses:ContainerStatus[] 14:resize
      15:resourceClaimStatuses:PodResourceClaimStatus[]`,
    PodCondition: '1:type! 2:status! 3:lastProbeTime:time 4:lastTransitionTime:time 5:reason 6:message',
    HostIP: '1:ip!',
    PodIP: '1:ip!',
    ContainerStatus: `1:name! 2:state:ContainerState 3:lastState:ContainerState 4:ready:bool!
      5:restartCount:int32! 6:image! 7:imageID! 8:containerID 9:started:bool!
      10:allocatedResources:quantity{} 11:resources:ResourceRequirements
      12:volumeMounts:VolumeMountStatus[] 13:user:ContainerUser
      14:allocatedResourcesStatus:ResourceStatus[]`,
    ContainerState: `1:waiting:ContainerStateWaiting 2:running:ContainerStateRunning
      3:terminated:ContainerStateTerminated`,
    ContainerStateWaiting: '1:reason 2:message',
    ContainerStateRunning: '1:startedAt:time',
    ContainerStateTerminated:
      '1:exitCode:int32! 2:signal:int32 3:reason 4:message 5:startedAt:time 6:finishedAt:time 7:containerID',
    VolumeMountStatus: '1:name! 2:mountPath! 3:readOnly:bool 4:recursiveReadOnly!',
    ContainerUser: '1:linux:LinuxContainerUser',
    LinuxContainerUser: '1:uid:int64! 2:gid:int64! 3:supplementalGroups:int64[]',
    ResourceStatus: '1:name! 2:resources:ResourceHealth[]',
    ResourceHealth: '1:resourceID! 2:health',
    PodResourceClaimStatus: '1:name! 2:resourceClaimName!',
    PodTemplate: '1:metadata:metav1.ObjectMeta 2:template:PodTemplateSpec',
    PodTemplateSpec: '1:metadata:metav1.ObjectMeta 2:spec:PodSpec',
    ReplicationController:
      '1:metadata:metav1.ObjectMeta 2:spec:ReplicationControllerSpec 3:status:ReplicationControllerStatus',
    ReplicationControllerSpec:
      '1:replicas:int32! 4:minReadySeconds:int32 2:selector{} 3:template:PodTemplateSpec',
    ReplicationControllerStatus: `1:replicas:int32! 2:fullyLabeledReplicas:int32 4:readyReplicas:int32
      5:availableReplicas:int32 3:observedGeneration:int64 6:conditions:ReplicationControllerCondition[]`,
    ReplicationControllerCondition: '1:type! 2:status! 3:lastTransitionTime:time 4:reason 5:message',
    ResourceQuota: '1:metadata:metav1.ObjectMeta 2:spec:ResourceQuotaSpec 3:status:ResourceQuotaStatus',
    ResourceQuotaSpec: '1:hard:quantity{} 2:scopes[] 3:scopeSelector:ScopeSelector',
    ScopeSelector: '1:matchExpressions:ScopedResourceSelectorRequirement[]',
    ScopedResourceSelectorRequirement: '1:scopeName! 2:operator! 3:values[]',
    ResourceQuotaStatus: '1:hard:quantity{} 2:used:quantity{}',
    Secret: '1:metadata:metav1.ObjectMeta 5:immutable:bool! 2:data:bytes{} 4:stringData{} 3:type',
    ServiceAccount: `1:metadata:metav1.ObjectMeta 2:secrets:ObjectReference[]
      3:imagePullSecrets:LocalObjectReference[] 4:automountServiceAccountToken:bool!`,
    Service: '1:metadata:metav1.ObjectMeta 2:spec:ServiceSpec 3:status:ServiceStatus',
    ServiceSpec: `1:ports:ServicePort[] 2:selector{} 3:clusterIP 18:clusterIPs[] 4:type 5:externalIPs[]
      7:sessionAffinity 8:loadBalancerIP 9:loadBalancerSourceRanges[] 10:externalName
      11:externalTrafficPolicy 12:healthCheckNodePort:int32 13:publishNotReadyAddresses:bool
      14:sessionAffinityConfig:SessionAffinityConfig 19:ipFamilies[] 17:ipFamilyPolicy!
      20:allocateLoadBalancerNodePorts:bool! 21:loadBalancerClass! 22:internalTrafficPolicy!
      23:trafficDistribution!`,
    ServicePort: '1:name 2:protocol 6:appProtocol! 3:port:int32! 4:targetPort:intstr 5:nodePort:int32',
    SessionAffinityConfig: '1:clientIP:ClientIPConfig',
    ClientIPConfig: '1:timeoutSeconds:int32!',
    ServiceStatus: '1:loadBalancer:LoadBalancerStatus 2:conditions:metav1.Condition[]',
    LoadBalancerStatus: '1:ingress:LoadBalancerIngress[]',
    LoadBalancerIngress: '1:ip 2:hostname 3:ipMode! 4:ports:PortStatus[]',
    PortStatus: '1:port:int32! 2:protocol! 3:error!',
    TopologySelectorTerm: '1:matchLabelExpressions:TopologySelectorLabelRequirement[]',
    TopologySelectorLabelRequirement: '1:key! 2:values[]',
  },
};
