import { FAULTS, isStatusFault } from "./faults";
import { describePollingMatrix } from "./polling-matrix";

describePollingMatrix(
  "fault matrix: polling while waiting, connection, timing and body faults",
  FAULTS.filter((c) => !isStatusFault(c)),
);
