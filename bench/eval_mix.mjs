// Prints the request mix of the authorization benchmark (bench/eval_bench.cc,
// bench/eval_vs_iam_simulate.sh): one contracts §4 batch request file. Deterministic.
// Policies: three identity policies (service wildcards, prefixes, conditions, a policy variable,
// a Deny), a permissions boundary, three SCP levels (FullAWSAccess + region guard + deny list)
// and an S3 bucket policy (cross-account grant, TLS deny). Requests: 256, users and role
// sessions of two accounts, S3/SQS/DynamoDB/KMS/EC2/IAM actions, varied context.
const A = '111111111111', B = '222222222222';
const identity = [
  { Version: '2012-10-17', Statement: [
    { Sid: 'ReadData', Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: ['arn:aws:s3:::data-bucket', 'arn:aws:s3:::data-bucket/*'] },
    { Sid: 'Home', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::data-bucket/home/${aws:username}/*' },
    { Sid: 'Queues', Effect: 'Allow', Action: 'sqs:*', Resource: `arn:aws:sqs:*:${A}:app-*`,
      Condition: { StringEquals: { 'aws:PrincipalTag/team': ['dev', 'ops'] } } } ] },
  { Version: '2012-10-17', Statement: [
    { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'], Resource: `arn:aws:dynamodb:us-east-1:${A}:table/*`,
      Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.0.2.0/24'] }, Bool: { 'aws:SecureTransport': 'true' } } },
    { Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' },
    { Effect: 'Allow', Action: 'kms:Decrypt', Resource: `arn:aws:kms:us-east-1:${A}:key/*`,
      Condition: { 'ForAnyValue:StringEquals': { 'aws:CalledVia': ['s3.amazonaws.com', 'dynamodb.amazonaws.com'] } } } ] },
  { Version: '2012-10-17', Statement: [
    { Sid: 'NoDeletes', Effect: 'Deny', Action: ['s3:DeleteObject*', 'dynamodb:DeleteTable'], Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
    { Effect: 'Allow', Action: 'iam:Get*', Resource: `arn:aws:iam::${A}:user/\${aws:username}` } ] },
];
const boundary = { Version: '2012-10-17', Statement: [
  { Effect: 'Allow', Action: ['s3:*', 'sqs:*', 'dynamodb:*', 'ec2:Describe*', 'kms:Decrypt', 'iam:Get*'], Resource: '*' },
  { Effect: 'Deny', Action: 'iam:*', NotResource: `arn:aws:iam::${A}:user/*` } ] };
const full = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const scps = [
  [full],
  [full, { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotAction: ['iam:*', 'sts:*', 'organizations:*'], Resource: '*',
    Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } } }] }],
  [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'sqs:*', 'dynamodb:*', 'ec2:*', 'kms:*', 'iam:*'], Resource: '*' },
    { Effect: 'Deny', Action: ['ec2:TerminateInstances', 'kms:ScheduleKeyDeletion'], Resource: '*',
      Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Admin' } } }] }],
];
const resource_policy = { Version: '2012-10-17', Statement: [
  { Sid: 'Partner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: ['s3:GetObject', 's3:ListBucket'],
    Resource: ['arn:aws:s3:::data-bucket', 'arn:aws:s3:::data-bucket/shared/*'] },
  { Sid: 'TLS', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::data-bucket', 'arn:aws:s3:::data-bucket/*'],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } } } ] };

let seed = 12345;
const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
const pick = (xs) => xs[rnd(xs.length)];
const principals = [
  [`arn:aws:iam::${A}:user/alice`, 'user'], [`arn:aws:iam::${A}:user/bob`, 'user'],
  [`arn:aws:sts::${A}:assumed-role/App/i-0abc`, 'session'], [`arn:aws:iam::${B}:user/partner`, 'user'],
];
const actions = [
  ['s3:GetObject', 'arn:aws:s3:::data-bucket/shared/report.csv', ''], ['s3:GetObject', 'arn:aws:s3:::data-bucket/home/alice/a.txt', ''],
  ['s3:PutObject', 'arn:aws:s3:::data-bucket/home/alice/b.txt', ''], ['s3:ListBucket', 'arn:aws:s3:::data-bucket', ''],
  ['s3:DeleteObject', 'arn:aws:s3:::data-bucket/home/bob/x', ''], ['sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:app-jobs`, A],
  ['sqs:ReceiveMessage', `arn:aws:sqs:eu-west-1:${A}:other`, A], ['dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${A}:table/Orders`, A],
  ['dynamodb:PutItem', `arn:aws:dynamodb:us-east-1:${A}:table/Orders`, A], ['ec2:DescribeInstances', '*', ''],
  ['ec2:TerminateInstances', `arn:aws:ec2:us-east-1:${A}:instance/i-0123456789abcdef0`, A],
  ['kms:Decrypt', `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, A], ['iam:GetUser', `arn:aws:iam::${A}:user/alice`, A],
];
const requests = [];
for (let i = 0; i < 256; i++) {
  const [p, kind] = pick(principals);
  const [action, resource, owner] = pick(actions);
  const pacct = p.split(':')[4];
  const resource_account = owner || (resource === '*' ? pacct : A);
  const context = {
    'aws:SecureTransport': pick(['true', 'true', 'false']),
    'aws:RequestedRegion': pick(['us-east-1', 'eu-west-1', 'ap-south-1', 'us-east-1']),
    'aws:SourceIp': pick(['10.1.2.3', '192.0.2.44', '203.0.113.9']),
    'aws:PrincipalArn': kind === 'session' ? `arn:aws:iam::${pacct}:role/App` : p,
    'aws:PrincipalAccount': pacct,
    'aws:PrincipalType': kind === 'session' ? 'AssumedRole' : 'User',
    'aws:PrincipalIsAWSService': 'false',
    'aws:ResourceAccount': resource_account,
  };
  if (kind === 'user') context['aws:username'] = p.split('/').pop();
  if (rnd(2)) context['aws:PrincipalTag/team'] = pick(['dev', 'ops', 'sales']);
  if (rnd(3) === 0) context['aws:CalledVia'] = [pick(['s3.amazonaws.com', 'athena.amazonaws.com'])];
  if (kind === 'session' || rnd(2)) context['aws:MultiFactorAuthPresent'] = pick(['true', 'false']);
  requests.push({ principal: p, action, resource, resource_account, context });
}
process.stdout.write(JSON.stringify({ identity_policies: identity, permission_boundary: boundary, session_policies: [],
  resource_policy, scps, rcps: [], requests }) + '\n');
