import { describeLanguageLifecycle } from "./scenario";

describeLanguageLifecycle("yaml");
