# Writes the CloudTrail cases of this directory (run it here: python3 generate.py): events in
# several input forms and the findings expected of each record (<name>.expect).
import json, copy
ACCT="111122223333"
def ident(kind, name):
    if kind=="IAMUser":
        return {"type":"IAMUser","principalId":"AIDAEXAMPLE"+name.upper(),"arn":f"arn:aws:iam::{ACCT}:user/{name}","accountId":ACCT,"accessKeyId":"AKIAEXAMPLE","userName":name}
    if kind=="Root":
        return {"type":"Root","principalId":ACCT,"arn":f"arn:aws:iam::{ACCT}:root","accountId":ACCT}
    if kind=="AssumedRole":
        return {"type":"AssumedRole","principalId":"AROAEXAMPLE:"+name,"arn":f"arn:aws:sts::{ACCT}:assumed-role/{name}/session","accountId":ACCT,
                "sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE","arn":f"arn:aws:iam::{ACCT}:role/{name}","accountId":ACCT,"userName":name}}}
n=[0]
def ev(name, source, who=("IAMUser","alice"), params=None, error=None, t=None, ip="198.51.100.1", region="us-east-1", **extra):
    n[0]+=1
    e={"eventVersion":"1.09","userIdentity":ident(*who),"eventTime":t or "2026-11-02T10:%02d:%02dZ"%(n[0]//60%60, n[0]%60),
       "eventSource":source,"eventName":name,"awsRegion":region,"sourceIPAddress":ip,"userAgent":"aws-cli/2.15.0",
       "requestParameters":params,"responseElements":None,"requestID":"req-%d"%n[0],"eventID":"00000000-0000-0000-0000-%012d"%n[0],
       "readOnly":name.startswith(("Get","List","Describe")),"eventType":"AwsApiCall","managementEvent":True,"recipientAccountId":ACCT}
    if error: e["errorCode"]=error; e["errorMessage"]="User is not authorized"
    e.update(extra)
    return e
def login(who, mfa, ok=True, t=None, ip="198.51.100.1"):
    e=ev("ConsoleLogin","signin.amazonaws.com",who,t=t,ip=ip)
    e["eventType"]="AwsConsoleSignIn"
    e["responseElements"]={"ConsoleLogin":"Success" if ok else "Failure"}
    e["additionalEventData"]={"LoginTo":"https://console.aws.amazon.com/","MobileVersion":"No","MFAUsed":mfa}
    if not ok: e["errorMessage"]="Failed authentication"
    return e
IAM="iam.amazonaws.com"
root=("Root","")
role=("AssumedRole","deployer")
recs=[]; exp=[]
def add(e, *ids):
    for i in ids: exp.append((len(recs), i))
    recs.append(e)
add(login(root,"No"),"root-activity","console-login-no-mfa")
add(ev("GetBucketAcl","s3.amazonaws.com",root) | {"userIdentity": ident("Root","") | {"invokedBy":"cloudtrail.amazonaws.com"}})
add(login(("IAMUser","alice"),"Yes"))
add(login(("IAMUser","alice"),"No"),"console-login-no-mfa")
add(login(role,"No"))
add(ev("CreateAccessKey",IAM,params={"userName":"bob"}),"access-key-created-for-other-user")
add(ev("CreateAccessKey",IAM,params={"userName":"alice"}))
add(ev("CreateAccessKey",IAM,params=None))
add(ev("CreateAccessKey",IAM,params={"userName":"bob"},error="AccessDenied"))
add(ev("CreateLoginProfile",IAM,role,params={"userName":"bob","passwordResetRequired":False}),"login-profile-changed-for-other-user")
add(ev("UpdateLoginProfile",IAM,params={"userName":"alice"}))
add(ev("AttachRolePolicy",IAM,role,params={"roleName":"app","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}),"iam-policy-changed")
add(ev("GetPolicy",IAM,params={"policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}))
add(ev("UpdateAssumeRolePolicy",IAM,params={"roleName":"app","policyDocument":"{}"}),"role-trust-changed")
add(ev("RunInstances","ec2.amazonaws.com",role,params={"instancesSet":{"items":[{"imageId":"ami-1","minCount":1,"maxCount":1}]},"iamInstanceProfile":{"arn":f"arn:aws:iam::{ACCT}:instance-profile/admin"}}),"passrole-to-service")
add(ev("CreateFunction20150331","lambda.amazonaws.com",role,params={"functionName":"f","role":f"arn:aws:iam::{ACCT}:role/admin","runtime":"python3.12"}),"passrole-to-service")
add(ev("AssumeRole","sts.amazonaws.com",params={"roleArn":f"arn:aws:iam::{ACCT}:role/admin","roleSessionName":"s"}))
add(ev("RunInstances","ec2.amazonaws.com",role,params={"instancesSet":{"items":[{"imageId":"ami-1","minCount":1,"maxCount":1}]}}))
add(ev("StopLogging","cloudtrail.amazonaws.com",params={"name":"main"}),"logging-tampered")
add(ev("DescribeTrails","cloudtrail.amazonaws.com",params={}))
add(ev("PutEventSelectors","cloudtrail.amazonaws.com",params={"trailName":"main"},error="AccessDenied"),"logging-tampered")
add(ev("DeleteDetector","guardduty.amazonaws.com",params={"detectorId":"d1"}),"detector-disabled")
add(ev("UpdateDetector","guardduty.amazonaws.com",params={"detectorId":"d1","enable":False}),"detector-disabled")
add(ev("UpdateDetector","guardduty.amazonaws.com",params={"detectorId":"d1","enable":True}))
add(ev("StopConfigurationRecorder","config.amazonaws.com",params={"configurationRecorderName":"default"}),"detector-disabled")
add(ev("DisableSecurityHub","securityhub.amazonaws.com",params={}),"detector-disabled")
add(ev("DeleteAnalyzer","access-analyzer.amazonaws.com",params={"analyzerName":"org"}),"detector-disabled")
add(ev("DeactivateMFADevice",IAM,params={"userName":"alice","serialNumber":f"arn:aws:iam::{ACCT}:mfa/alice"}),"mfa-device-deactivated")
add(ev("ListMFADevices",IAM,params={"userName":"alice"}))
add(ev("AttachUserPolicy",IAM,params={"userName":"alice","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"},error="AccessDenied"))
json.dump({"Records":recs}, open("detections.json","w"), indent=1)
def write_expect(name, exp, note):
    with open(name+".expect","w") as f:
        f.write("# "+note+"\n# <record> <finding id>, every finding the built-in detections report\n")
        for r,i in sorted(exp): f.write(f"{r} {i}\n")
write_expect("detections", exp, "one event per detection, each with a look-alike that must not fire")
# bursts (NDJSON)
recs=[]; exp=[]
for k in range(5): add(login(("IAMUser","mallory"),"No",ok=False,t="2026-11-03T01:%02d:00Z"%(k*5)), *(["console-login-failures"] if k==4 else []))
for k in range(4): add(login(("IAMUser","eve"),"No",ok=False,t="2026-11-03T01:%02d:00Z"%(k*5)))
for k in range(10): add(ev("ListSecrets","secretsmanager.amazonaws.com",("AssumedRole","intruder"),error="AccessDeniedException",t="2026-11-03T02:00:%02dZ"%k), *(["access-denied-burst"] if k==9 else []))
for k in range(9): add(ev("DescribeInstances","ec2.amazonaws.com",("AssumedRole","app"),error="Client.UnauthorizedOperation",t="2026-11-03T02:%02d:00Z"%k))
for k in range(10): add(ev("ListUsers",IAM,("AssumedRole","slow"),error="AccessDenied",t="2026-11-03T%02d:00:00Z"%(k+3)))
with open("bursts.ndjson","w") as f:
    for r in recs: f.write(json.dumps(r)+"\n")
write_expect("bursts", exp, "5 failed sign-ins of one user within an hour (4 of another do not fire); 10 access-denied errors within 10 minutes (9, or 10 spread over hours, do not fire)")
# baseline
recs=[]; exp=[]
add(ev("ListUsers",IAM)); add(ev("ListUsers",IAM,role))
json.dump({"Records":recs}, open("novel.baseline.json","w"), indent=1)
recs=[]; exp=[]
add(ev("ListUsers",IAM))
add(ev("GetUser",IAM),"first-seen-api")
add(ev("GetUser",IAM))
add(ev("ListUsers",IAM,ip="203.0.113.9"),"credential-use-from-new-ip")
add(ev("ListUsers",IAM,region="eu-west-3"),"new-region")
add(ev("GetUser",IAM,("IAMUser","carol")))
add(ev("ListUsers",IAM,ip="ec2.amazonaws.com"))
add(ev("ListUsers",IAM,("AssumedRole","deployer")))
json.dump({"Records":recs}, open("novel.json","w"), indent=1)
write_expect("novel", exp, "against the baseline of novel.baseline.json: a new API, IP and region of a known principal, each once; unknown principals and AWS service addresses are not reported")
