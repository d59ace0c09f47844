import { FAULTS, isStatusFault, LATE_POST_FAULTS } from "./faults";
import { describeTriggerMatrix } from "./trigger-matrix";

describeTriggerMatrix(
  "fault matrix: the trigger POST, connection, timing and body faults",
  [...FAULTS, ...LATE_POST_FAULTS].filter((c) => !isStatusFault(c)),
);
