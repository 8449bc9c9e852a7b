// The kubelet stand-in's process trail, shared with the e2e global setup (see hack/dev).
export { forgetChild, KUBELET_RECORDS, killRecordedChildren, recordChild } from '../../hack/dev/child-records.js';
