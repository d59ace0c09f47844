import { FAULTS, isStatusFault } from "./faults";
import { describeTriggerMatrix } from "./trigger-matrix";

describeTriggerMatrix(
  "fault matrix: the trigger POST, HTTP error statuses",
  FAULTS.filter(isStatusFault),
);
