import { describeLanguageLifecycle } from "./scenario";

describeLanguageLifecycle("typescript");
