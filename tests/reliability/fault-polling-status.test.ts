import { FAULTS, isStatusFault } from "./faults";
import { describePollingMatrix } from "./polling-matrix";

describePollingMatrix(
  "fault matrix: polling while waiting, HTTP error statuses",
  FAULTS.filter(isStatusFault),
);
