import { describeLanguageLifecycle } from "./scenario";

describeLanguageLifecycle("go");
