import type { ConditionKeyType } from "../catalog";

/**
 * AWS global condition context keys and their types, from the IAM User
 * Guide ("AWS global condition context keys"). The catalogue lists only the
 * tag keys among them, since services name the global keys they support only
 * for tags. Keys are matched case-insensitively; `/${TagKey}` keys take any
 * non-empty tag key.
 */
const GLOBAL_KEYS: Record<string, ConditionKeyType> = {
  "aws:AssumedRoot": "String",
  "aws:CalledVia": "ArrayOfString",
  "aws:CalledViaFirst": "String",
  "aws:CalledViaLast": "String",
  "aws:CalledViaAWSMCP": "String",
  "aws:ChatbotSourceArn": "ARN",
  "aws:CurrentTime": "Date",
  "aws:EpochTime": "Date",
  "aws:Ec2InstanceSourcePrivateIPv4": "IPAddress",
  "aws:Ec2InstanceSourceVpc": "String",
  "aws:FederatedProvider": "String",
  "aws:IsMcpServiceAction": "Bool",
  "aws:MultiFactorAuthAge": "Numeric",
  "aws:MultiFactorAuthPresent": "Bool",
  "aws:PrincipalAccount": "String",
  "aws:PrincipalArn": "ARN",
  "aws:PrincipalIsAWSService": "Bool",
  "aws:PrincipalOrgID": "String",
  "aws:PrincipalOrgMasterAccountId": "String",
  "aws:PrincipalOrgPaths": "ArrayOfString",
  "aws:PrincipalServiceName": "String",
  "aws:PrincipalServiceNamesList": "ArrayOfString",
  "aws:PrincipalType": "String",
  "aws:Referer": "String",
  "aws:RequestedRegion": "String",
  "aws:ResourceAccount": "String",
  "aws:ResourceOrgID": "String",
  "aws:ResourceOrgPaths": "ArrayOfString",
  "aws:SecureTransport": "Bool",
  "aws:SourceAccount": "String",
  "aws:SourceArn": "ARN",
  "aws:SourceIdentity": "String",
  "aws:SourceIp": "IPAddress",
  "aws:SourceOrgID": "String",
  "aws:SourceOrgPaths": "ArrayOfString",
  "aws:SourceOwner": "String",
  "aws:SourceVpc": "String",
  "aws:SourceVpcArn": "ARN",
  "aws:SourceVpce": "String",
  "aws:TagKeys": "ArrayOfString",
  "aws:TokenIssueTime": "Date",
  "aws:UserAgent": "String",
  "aws:userid": "String",
  "aws:username": "String",
  "aws:ViaAWSMCPService": "Bool",
  "aws:ViaAWSService": "Bool",
  "aws:VpcSourceIp": "IPAddress",
  "aws:VpceAccount": "String",
  "aws:VpceOrgID": "String",
  "aws:VpceOrgPaths": "ArrayOfString",
};

/** Tag keys: the part after the slash is the tag key, any text. */
const GLOBAL_TAG_KEYS = ["aws:PrincipalTag", "aws:RequestTag", "aws:ResourceTag"];

const BY_LOWER = new Map(Object.entries(GLOBAL_KEYS).map(([k, t]) => [k.toLowerCase(), { key: k, type: t }]));

export type GlobalKeyLookup =
  | { kind: "known"; key: string; type: ConditionKeyType }
  /** `aws:ResourceTag` without `/tag-key`. */
  | { kind: "missing-tag-key"; key: string }
  /** `aws:ARN`: documented as not supported. */
  | { kind: "unsupported" }
  | { kind: "unknown" };

export function globalConditionKey(key: string): GlobalKeyLookup {
  const lower = key.toLowerCase();
  if (lower === "aws:arn") return { kind: "unsupported" };
  const known = BY_LOWER.get(lower);
  if (known) return { kind: "known", ...known };
  for (const tag of GLOBAL_TAG_KEYS) {
    const t = tag.toLowerCase();
    if (lower === t || lower === `${t}/`) return { kind: "missing-tag-key", key: tag };
    if (lower.startsWith(`${t}/`)) return { kind: "known", key: `${tag}/\${TagKey}`, type: "String" };
  }
  return { kind: "unknown" };
}

/** The tag condition keys whose support varies by action (ALLOW/DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE). */
export function tagKeyTemplate(key: string): string | undefined {
  const lower = key.toLowerCase();
  if (lower.startsWith("aws:resourcetag/") && lower.length > 16) return "aws:ResourceTag/${TagKey}";
  if (lower.startsWith("aws:requesttag/") && lower.length > 15) return "aws:RequestTag/${TagKey}";
  return undefined;
}

/** AWS partitions (ARN partition field). */
export const PARTITIONS = new Set(["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"]);

/** Region codes of every partition, for ARN region fields and aws:RequestedRegion values. */
export const REGIONS = new Set([
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "cn-north-1",
  "cn-northwest-1",
  "us-gov-east-1",
  "us-gov-west-1",
  "us-iso-east-1",
  "us-iso-west-1",
  "us-isob-east-1",
  "us-isob-west-1",
  "us-isof-east-1",
  "us-isof-south-1",
  "eu-isoe-west-1",
  "eusc-de-east-1",
]);
