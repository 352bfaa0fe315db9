#!/usr/bin/env bash
# Submits a staffsim run to AWS Batch as an array job of N shards and its merge as a job that
# depends on the whole array (it starts once every child has succeeded).
#
#   deploy/aws-batch/submit.sh QUEUE N
#
# Register the definitions first (edit the image and the EFS file system in them):
#   aws batch register-job-definition --cli-input-json file://deploy/aws-batch/job-definition.json
#   aws batch register-job-definition --cli-input-json file://deploy/aws-batch/merge-job-definition.json
# Each child reads its index from AWS_BATCH_JOB_ARRAY_INDEX; --shard auto/N gives the count.
set -euo pipefail
queue="${1:?usage: submit.sh QUEUE N}"
shards="${2:?usage: submit.sh QUEUE N}"
array=$(aws batch submit-job --job-name staffsim-shards --job-queue "$queue" \
  --job-definition staffsim --array-properties "size=$shards" \
  --parameters "shard=auto/$shards" --query jobId --output text)
echo "submitted the shards: array job $array ($shards children)"
merge=$(aws batch submit-job --job-name staffsim-merge --job-queue "$queue" \
  --job-definition staffsim-merge --depends-on "jobId=$array" --query jobId --output text)
echo "merge: job $merge, the report in the EFS folder's report/"
