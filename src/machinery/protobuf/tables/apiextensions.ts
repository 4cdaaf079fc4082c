// Field tables built from the published protobuf tags (generated.proto) and JSON names
// (types.go json tags) of upstream 1.32; format: ../schema.ts. Fields are in struct order, which
// is the order upstream's JSON prints them in.
import type { MessagePackage } from '../schema.js';

/** apiextensions.k8s.io/v1 (k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1). */
export const apiextensionsV1: MessagePackage = {
  id: 'apiextensionsv1',
  apiVersion: 'apiextensions.k8s.io/v1',
  kinds: ['CustomResourceDefinition'],
  messages: {
    CustomResourceDefinition: `1:metadata:metav1.ObjectMeta 2:spec:CustomResourceDefinitionSpec
      3:status:CustomResourceDefinitionStatus`,
    CustomResourceDefinitionSpec: `1:group! 3:names:CustomResourceDefinitionNames 4:scope!
      7:versions:CustomResourceDefinitionVersion[] 9:conversion:CustomResourceConversion
      10:preserveUnknownFields:bool`,
    CustomResourceDefinitionNames: '1:plural! 2:singular 3:shortNames[] 4:kind! 5:listKind 6:categories[]',
    CustomResourceDefinitionVersion: `1:name! 2:served:bool! 3:storage:bool! 7:deprecated:bool
      8:deprecationWarning! 4:schema:CustomResourceValidation 5:subresources:CustomResourceSubresources
      6:additionalPrinterColumns:CustomResourceColumnDefinition[] 9:selectableFields:SelectableField[]`,
    CustomResourceValidation: '1:openAPIV3Schema:JSONSchemaProps',
    JSONSchemaProps: `1:id 2:$schema 3:$ref! 4:description 5:type 6:format 7:title 8:default:raw
      9:maximum:double! 10:exclusiveMaximum:bool 11:minimum:double! 12:exclusiveMinimum:bool
      13:maxLength:int64! 14:minLength:int64! 15:pattern 16:maxItems:int64! 17:minItems:int64!
      18:uniqueItems:bool 19:multipleOf:double! 20:enum:raw[] 21:maxProperties:int64!
      22:minProperties:int64! 23:required[] 24:items:JSONSchemaPropsOrArray 25:allOf:JSONSchemaProps[]
      26:oneOf:JSONSchemaProps[] 27:anyOf:JSONSchemaProps[] 28:not:JSONSchemaProps
      29:properties:JSONSchemaProps{} 30:additionalProperties:JSONSchemaPropsOrBool
      31:patternProperties:JSONSchemaProps{} 32:dependencies:JSONSchemaPropsOrStringArray{}
      33:additionalItems:JSONSchemaPropsOrBool 34:definitions:JSONSchemaProps{}
      35:externalDocs:ExternalDocumentation 36:example:raw 37:nullable:bool
      38:x-kubernetes-preserve-unknown-fields:bool! 39:x-kubernetes-embedded-resource:bool
      40:x-kubernetes-int-or-string:bool 41:x-kubernetes-list-map-keys[] 42:x-kubernetes-list-type!
      43:x-kubernetes-map-type! 44:x-kubernetes-validations:ValidationRule[]`,
    JSONSchemaPropsOrArray: 'as:schema|jSONSchemas 1:schema:JSONSchemaProps 2:jSONSchemas:JSONSchemaProps[]',
    JSONSchemaPropsOrBool: 'as:schema|allows 1:allows:bool! 2:schema:JSONSchemaProps',
    JSONSchemaPropsOrStringArray: 'as:schema|property 1:schema:JSONSchemaProps 2:property[]',
    ExternalDocumentation: '1:description 2:url',
    ValidationRule: '1:rule! 2:message 3:messageExpression 4:reason! 5:fieldPath 6:optionalOldSelf:bool!',
    CustomResourceSubresources:
      '1:status:CustomResourceSubresourceStatus 2:scale:CustomResourceSubresourceScale',
    CustomResourceSubresourceStatus: '',
    CustomResourceSubresourceScale: '1:specReplicasPath! 2:statusReplicasPath! 3:labelSelectorPath!',
    CustomResourceColumnDefinition: '1:name! 2:type! 3:format 4:description 5:priority:int32 6:jsonPath!',
    SelectableField: '1:jsonPath!',
    CustomResourceConversion: '1:strategy! 2:webhook:WebhookConversion',
    WebhookConversion: '2:clientConfig:WebhookClientConfig 3:conversionReviewVersions[]',
    WebhookClientConfig: '3:url! 1:service:ServiceReference 2:caBundle:bytes',
    ServiceReference: '1:namespace! 2:name! 3:path! 4:port:int32!',
    CustomResourceDefinitionStatus: `1:conditions:CustomResourceDefinitionCondition[]
      2:acceptedNames:CustomResourceDefinitionNames 3:storedVersions[]`,
    CustomResourceDefinitionCondition: '1:type! 2:status! 3:lastTransitionTime:time 4:reason 5:message',
  },
};
