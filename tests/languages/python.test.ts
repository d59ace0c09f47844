import { describeLanguageLifecycle } from "./scenario";

describeLanguageLifecycle("python");
